export const on = addEventListener;

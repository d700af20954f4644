export default function helpers() {}

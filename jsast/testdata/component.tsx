import React, { useState, type ReactNode } from "react";

interface Props<T> {
  items: T[];
  render?: (item: T, index: number) => ReactNode;
}

export function List<T,>({ items, render = (x) => <span>{String(x)}</span> }: Props<T>) {
  const [open, setOpen] = useState<boolean>(false);
  const toggle = <E extends Event>(e: E) => setOpen(!open);
  return (
    <ul className="list" data-open={open ? "yes" : "no"} onClick={toggle as any}>
      {items.map((item, i) => (
        <li key={i}>
          {render(item, i)}
          &nbsp;text with 'quotes' and a {"}"}
        </li>
      ))}
      <>
        <svg:rect xlink:href="a\b" />
        <Foo.Bar {...{ a: 1 }} disabled />
      </>
    </ul>
  );
}

// The client routes by path: /counters/<name> shows that counter.
const name = location.pathname.split("/")[2] || "home";
const main = document.getElementById("app");
async function show(method) {
  const res = await fetch(`/api/counters/${encodeURIComponent(name)}`, { method });
  const { value } = await res.json();
  main.textContent = `${name}: ${value}`;
}
main.addEventListener("click", () => show("POST"));
show("GET");

// "Save layout": the link chart's frame tells this page where its entities are (a message with
// numbers only, sent when the chart has settled and after every drag); on Save the latest
// places go to the server with the name typed, as a one-time trigger value.
let latest = null;

export default function (component) {
  const { data, setTriggerValue, parentElement } = component;
  const form = parentElement.querySelector("form");
  const input = form.querySelector("input");
  const note = form.querySelector(".note");
  const name = data && typeof data.name === "string" ? data.name : "";
  if (input.dataset.given !== name) {
    input.value = name; // a property, never markup
    input.dataset.given = name;
  }
  const frames = () => Array.from(document.querySelectorAll("iframe"));
  const fromChart = (event) => {
    const sent = event.data;
    if (!sent || sent.nerpipe !== "chart-positions" || typeof sent.positions !== "object") return;
    if (!frames().some((frame) => frame.contentWindow === event.source)) return;
    latest = sent.positions;
  };
  window.addEventListener("message", fromChart);
  // The chart may have settled before this was mounted: ask it again.
  frames().forEach((frame) => frame.contentWindow?.postMessage({ nerpipe: "send-chart-positions" }, "*"));
  form.onsubmit = (event) => {
    event.preventDefault();
    const chosen = input.value.trim();
    if (!chosen) {
      note.textContent = "Give the layout a name first.";
      return;
    }
    if (!latest) {
      note.textContent = "The chart is still being laid out: save again in a moment.";
      return;
    }
    const positions = {};
    for (const [id, place] of Object.entries(latest)) positions[id] = [place.x, place.y];
    note.textContent = "Saving…";
    setTriggerValue("save", { name: chosen, positions });
  };
  return () => window.removeEventListener("message", fromChart);
}

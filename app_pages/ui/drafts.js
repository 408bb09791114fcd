// Keeps the text of the note box that was not sent yet in this browser's localStorage, and puts it back
// after a reload (app_pages/ui/drafts.py explains the choice). One draft per participant: {block, text}.
// The text never leaves the device this way; it reaches the server only when the participant saves it.
export default function (component) {
  const { data } = component;
  const storageKey = data.storage_key;
  const selector = `textarea[aria-label="${data.label}"]`;
  const blockNow = () => new URLSearchParams(window.location.search).get("blok") || data.block;

  const read = () => {
    try {
      return JSON.parse(window.localStorage.getItem(storageKey) || "null");
    } catch (error) {
      return null;
    }
  };

  // A reload starts a new page, so this restores at most once per page: a draft the server just saved
  // and emptied the box of is never put back by a later rerun.
  const restoreOnce = (box) => {
    if (window.__ppsCanvasDraftRestored) return;
    window.__ppsCanvasDraftRestored = true;
    const draft = read();
    if (!draft || !draft.text || box.value || draft.block !== blockNow()) return;
    const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, "value").set;
    box.focus();
    setter.call(box, draft.text);
    box.dispatchEvent(new Event("input", { bubbles: true }));
    box.blur(); // Streamlit takes the value in on blur
  };

  const tick = () => {
    const box = document.querySelector(selector);
    if (!box) return;
    restoreOnce(box);
    if (box.value.trim()) {
      window.localStorage.setItem(storageKey, JSON.stringify({ block: blockNow(), text: box.value }));
    } else {
      window.localStorage.removeItem(storageKey);
    }
  };

  tick();
  const timer = window.setInterval(tick, 300);
  const onInput = (event) => {
    if (event.target.matches && event.target.matches(selector)) tick();
  };
  document.addEventListener("input", onInput, true);
  return () => {
    window.clearInterval(timer);
    document.removeEventListener("input", onInput, true);
  };
}

// Makes every scrolling cell of a page reachable with the keyboard (app_pages/ui/scroll_focus.py explains why).
// A cell that scrolls gets tabindex="0" (Tab stops on it, the arrow keys then scroll it), role="region" and
// the name the page gives it; a cell that does not scroll is left alone, so Tab does not stop on it for nothing.
export default function (component) {
  const { data } = component;
  const labels = data.labels || {};

  const scrolls = (el) => {
    const style = window.getComputedStyle(el);
    return /(auto|scroll)/.test(style.overflowY) && el.scrollHeight > el.clientHeight + 1;
  };

  const mark = () => {
    for (const [key, label] of Object.entries(labels)) {
      const keyed = document.querySelector(`.st-key-${CSS.escape(key)}`);
      if (!keyed) continue;
      // The keyed block itself or the frame Streamlit wraps around it is the one that scrolls.
      for (const el of [keyed, keyed.parentElement]) {
        if (!el) continue;
        if (scrolls(el)) {
          if (el.getAttribute("tabindex") !== "0") el.setAttribute("tabindex", "0");
          el.setAttribute("role", "region");
          el.setAttribute("aria-label", label);
        } else if (el.getAttribute("role") === "region" && el.getAttribute("aria-label") === label) {
          el.removeAttribute("tabindex");
          el.removeAttribute("role");
          el.removeAttribute("aria-label");
        }
      }
    }
  };

  mark();
  const observer = new MutationObserver(() => window.requestAnimationFrame(mark));
  const main = document.querySelector('[data-testid="stMain"]') || document.body;
  observer.observe(main, { childList: true, subtree: true });
  return () => observer.disconnect();
}

// The answer box: sends what the officer types while typing (after a short pause), at once
// when the box loses focus or the page is hidden, and keeps an unsent copy in localStorage
// that is sent again after a reload. So no click, page switch or reload drops typed text.
const PAUSE_MS = 400;

export default function (component) {
  const { parentElement, data, setStateValue } = component;
  const box = parentElement.querySelector("textarea");
  const label = parentElement.querySelector("label");
  label.textContent = data.label;
  box.setAttribute("aria-label", data.label);
  box.style.minHeight = (data.height || 150) + "px";
  const backupKey = "kamervragen-assistent:" + data.backup_key;

  let state = box.__answerEditor;
  if (!state) {
    state = box.__answerEditor = { sent: data.text, server: data.text, timer: null };
    state.send = () => {
      clearTimeout(state.timer);
      state.timer = null;
      if (box.value === state.sent) return;
      state.sent = box.value;
      // a number per send: the server tells a new edit from an old one with the same text
      state.seq = Math.max((state.seq || 0) + 1, Date.now());
      state.setStateValue("text", JSON.stringify({ text: box.value, seq: state.seq }));
    };
    box.value = data.text;
    box.addEventListener("input", () => {
      try {
        localStorage.setItem(backupKey, JSON.stringify({ text: box.value, base: state.server }));
      } catch (e) { /* private mode or full: sending while typing still works */ }
      clearTimeout(state.timer);
      state.timer = setTimeout(state.send, PAUSE_MS);
    });
    box.addEventListener("blur", () => state.send());
    // A press anywhere else (a page link, a button, a tab) sends first: the sidebar's page
    // links keep the focus where it is, so without this the text would only go out when the
    // box is removed, after the page switch, and pull the app back to this page.
    const flush = (event) => {
      if (!box.isConnected) {
        document.removeEventListener("pointerdown", flush, true);
        document.removeEventListener("visibilitychange", flush);
        window.removeEventListener("pagehide", flush);
        return;
      }
      if (event && event.type === "pointerdown") {
        if (event.composedPath().includes(box)) return;
        if (state.timer === null && box.value === state.sent) return;
        state.send();
        holdNextClick();
        return;
      }
      state.send();
    };
    // Streamlit sends a widget's new value in a task of its own, which a quick click (or a
    // double-click) can overtake; clicks in the next moment are held back a little and then
    // given again, in order, after the text has gone out.
    const holdNextClick = () => {
      const until = Date.now() + 400;
      const hold = (click) => {
        if (Date.now() > until) {
          document.removeEventListener("click", hold, true);
          return;
        }
        if (!click.isTrusted) return;
        click.preventDefault();
        click.stopImmediatePropagation();
        const target = click.composedPath()[0];
        const init = {
          bubbles: true, cancelable: true, composed: true,
          clientX: click.clientX, clientY: click.clientY, button: click.button,
        };
        setTimeout(() => target.dispatchEvent(new MouseEvent("click", init)), 80);
      };
      document.addEventListener("click", hold, true);
      setTimeout(() => document.removeEventListener("click", hold, true), 1500);
    };
    document.addEventListener("pointerdown", flush, true);
    document.addEventListener("visibilitychange", flush);
    window.addEventListener("pagehide", flush);
  }
  state.setStateValue = setStateValue;

  if (!state.restored) {
    state.restored = true;
    // typed before a reload and never confirmed: send it again, if the stored text is still
    // the one it was typed over (otherwise someone changed it meanwhile and theirs stands)
    try {
      const copy = JSON.parse(localStorage.getItem(backupKey) || "null");
      if (copy && copy.text !== data.text && copy.base === data.text) {
        box.value = copy.text;
        state.send();
      }
    } catch (e) { /* unreadable copy: ignore */ }
  } else if (data.text !== state.server && box.value === state.sent && state.timer === null) {
    // changed on the server (Overnemen, another tab) and nothing unsent here: show it
    box.value = data.text;
    state.sent = data.text;
  }
  state.server = data.text;
  if (box.value === data.text) {
    try { localStorage.removeItem(backupKey); } catch (e) { /* ignore */ }
  }
  return () => state.send();
}

"""The page's own CSS and script, handed to ``launch(css=..., js=...)``.

Kept as Python strings (not .css/.js files) so that they ship with the package without any
package-data setting. The script only routes clicks on filingqa's own links (citations, notices,
facts) to the viewer and scrolls what they open into view; Gradio renders everything else.
"""

CSS = """
/* filingqa's styles (passed to launch(css=...)). */

/* Quotes in the folded sources wrap instead of scrolling sideways. */
#filingqa-chat blockquote { white-space: normal; overflow-wrap: anywhere; }

/* The notice viewer: the text and its facts side by side, each scrolling in its own box. */
.fq-viewer .fq-head h3 { margin: 0 0 .2em; }
.fq-viewer .fq-head p { margin: 0 0 .4em; }
.fq-body { display: flex; gap: 1rem; align-items: flex-start; }
.fq-text, .fq-facts {
  max-height: 70vh; overflow: auto; border: 1px solid var(--border-color-primary);
  border-radius: 6px; padding: .5rem .8rem;
}
.fq-text { flex: 3 1 0; min-width: 0; line-height: 1.5; }
.fq-facts { flex: 2 1 0; min-width: 0; text-align: left; }
.fq-text p, .fq-text h4 { margin: .6em 0; }
.fq-text .fq-table { overflow-x: auto; }
.fq-text table { border-collapse: collapse; margin: .6em 0; }
.fq-text td { border: 1px solid var(--border-color-primary); padding: .2em .5em; vertical-align: top; }
.fq-hit { background: #ffe066; color: #000; padding: 0 .1em; }
.fq-span.fq-active, .fq-hit.fq-active { outline: 2px solid #f08c00; }
.fq-span.fq-active { background: #ffd8a8; color: #000; }
.fq-facts-list { padding-left: 1.4em; margin: 0; }
.fq-facts-list li { margin: 0 0 .6em; }
.fq-facts-list q { display: block; font-size: .85em; opacity: .8; }
.fq-facts-list small { opacity: .7; }
.fq-label { font-weight: 600; }
.fq-fact, .fq-fact:visited { text-decoration: none; color: inherit; display: block; }
.fq-fact:hover .fq-label { text-decoration: underline; }

/* The notices list. */
.fq-notices table { width: 100%; border-collapse: collapse; }
.fq-notices th, .fq-notices td {
  text-align: left; padding: .35em .5em; border-bottom: 1px solid var(--border-color-primary);
  vertical-align: top; word-break: normal; overflow-wrap: normal; hyphens: none;
}
.fq-notices code { white-space: normal; word-break: normal; }
.fq-count { margin: 0 0 .4em; opacity: .8; }
.fq-note { margin: 0 0 .4em; color: var(--error-text-color, #b42318); }
/* The notices list's date boxes shrink with their column (a phone fits two side by side). */
#filingqa-from input.time, #filingqa-to input.time { min-width: 0; width: 100%; }

/* Example questions: small buttons that wrap, text left as written. */
#filingqa-examples { gap: 6px; flex-wrap: wrap; }
#filingqa-examples button { flex: 0 1 auto; width: auto; white-space: normal; font-weight: normal; }

/* Dropdown option lists stay on the screen, wrapping long issuer names. */
ul.option-list[role="listbox"] { max-width: calc(100vw - 24px) !important; }
ul.option-list[role="listbox"] .item { white-space: normal; }

@media (max-width: 700px) {
  /* Phone: a compact header, so the question box is on the first screen. */
  .gradio-container { padding: 8px 10px !important; }
  .gradio-container h2 { font-size: 1.15rem !important; margin: 0 !important; }
  #filingqa-mode { font-size: .8rem; line-height: 1.3; }
  #filingqa-mode p { margin: 0; }
  /* The notices list: one card per notice, each cell a full-width line under its label. */
  .fq-notices thead { display: none; }
  .fq-notices table, .fq-notices tbody, .fq-notices tr, .fq-notices td { display: block; width: 100%; }
  .fq-notices tr { border: 1px solid var(--border-color-primary); border-radius: 6px;
    margin: 0 0 .6em; padding: .3em 0; box-sizing: border-box; }
  .fq-notices td { border: none; padding: .1em .6em; box-sizing: border-box; }
  .fq-notices td::before { content: attr(data-label) ": "; font-weight: 600; }
  .fq-notices td[data-label="Title"]::before { content: none; }
  .fq-body { flex-direction: column; }
  .fq-text, .fq-facts { flex: none; width: 100%; box-sizing: border-box; }
  .fq-text { max-height: 60vh; }
  .fq-facts { max-height: 40vh; }
}
"""

JS = r"""
() => {
  // filingqa's page script (passed to launch(js=...)). Gradio renders the chat and the viewer;
  // this only routes clicks on filingqa's own links and scrolls what they open into view.
  const PREFIX = "#filingqa-";

  // Hand a link's target to the server: the hidden box gets the value, the hidden button runs
  // the Python handler that renders the viewer.
  const open = (value) => {
    const box = document.querySelector("#filingqa-target textarea, #filingqa-target input");
    const button = document.querySelector("#filingqa-open");
    if (!box || !button) return;
    box.value = value;
    box.dispatchEvent(new Event("input", { bubbles: true }));
    window.setTimeout(() => button.click(), 50);
  };

  // Scroll an element of the viewer to the middle of its box (and the page), and mark it.
  const reveal = (element) => {
    if (!element) return false;
    document.querySelectorAll(".fq-active").forEach((e) => e.classList.remove("fq-active"));
    element.classList.add("fq-active");
    element.scrollIntoView({ block: "center", inline: "nearest" });
    return true;
  };

  // After the viewer opened: the cited passage, else the notice's top.
  window.filingqaReveal = () => {
    let tries = 0;
    const attempt = () => {
      const hit = document.querySelector("#fq-hit");
      if (hit && hit.offsetParent !== null) return reveal(hit);
      const text = document.querySelector("#fq-text");
      if (!hit && text && text.offsetParent !== null) {
        text.scrollTop = 0;
        text.closest(".fq-viewer").scrollIntoView({ block: "start" });
        return true;
      }
      if (++tries < 40) window.setTimeout(attempt, 50);
      return false;
    };
    attempt();
  };

  // Copy copies what the reader sees. Gradio's copy buttons copy a message's Markdown source,
  // which filingqa escapes (every notice text is made inert), so undo exactly that escaping:
  // drop the emphasis and link syntax filingqa writes, unbackslash, decode the HTML entities.
  const clean = (markdown) => {
    const decoder = document.createElement("textarea");
    const text = markdown
      .replace(/(?<!\\)\[((?:\\.|[^\]\\])*)\]\(#[^)]*\)/g, "$1")
      .replace(/(?<!\\)\*\*/g, "")
      .replace(/(?<![\\\w])_((?:\\.|[^_\\])+)_(?!\w)/g, "$1")
      .replace(/(?<!\\)`/g, "")
      .replace(/^(\s*)> /gm, "$1")
      .replace(/ {2}\n/g, "\n")
      .replace(/\\([\\`*_{}\[\]()#+!|>~$-])/g, "$1");
    decoder.innerHTML = text.replace(/</g, "&lt;");
    return decoder.value;
  };
  let copyingChat = false;
  for (const kind of ["pointerdown", "focusin"]) {
    document.addEventListener(
      kind,
      (event) => {
        copyingChat = !!(event.target.closest && event.target.closest("#filingqa-chat"));
      },
      true,
    );
  }
  if (navigator.clipboard && navigator.clipboard.writeText) {
    const write = navigator.clipboard.writeText.bind(navigator.clipboard);
    navigator.clipboard.writeText = (text) => write(copyingChat ? clean(String(text)) : text);
  }
  window.filingqaClean = clean;

  // After an answer: its first line at the top of the chat box, and the box on the screen.
  window.filingqaShowAnswer = () => {
    window.setTimeout(() => {
      const chat = document.querySelector("#filingqa-chat");
      const rows = chat ? chat.querySelectorAll(".message-row.user-row") : [];
      if (!rows.length) return;
      const question = rows[rows.length - 1];
      const answer = question.nextElementSibling || question;
      const box = chat.querySelector(".bubble-wrap");
      if (box) box.scrollTop += question.getBoundingClientRect().top - box.getBoundingClientRect().top;
      const top = answer.getBoundingClientRect().top;
      if (top < 0 || top > window.innerHeight - 80) {
        window.scrollBy(0, question.getBoundingClientRect().top - 8);
      }
    }, 100);
  };

  document.addEventListener(
    "click",
    (event) => {
      const link = event.target.closest && event.target.closest("a[href]");
      if (!link) return;
      const href = link.getAttribute("href") || "";
      if (href.startsWith(PREFIX)) {
        event.preventDefault();
        event.stopPropagation();
        open(href.slice(PREFIX.length));
      } else if (href.startsWith("#fq-f")) {
        event.preventDefault();
        reveal(document.getElementById(href.slice(1)));
      }
    },
    true,
  );
}
"""

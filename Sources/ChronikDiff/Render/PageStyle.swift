// The style sheet both pages for residents embed (the diff's, DiffHTMLRenderer, and the changelog's,
// HTMLChangelog): one place for what they share (colours with a contrast of at least 4.5:1, system fonts, long words
// that wrap, the skip link, the centred column, the page's heading and footer, deletions struck through), each page
// adding its own rules in between. The order of the parts matters: the column's shorthand margins and paddings come
// before the header's and footer's own, which override parts of them.

/// The shared part of the pages' style sheets.
package enum PageStyle {
    /// A page's style sheet: the shared rules, the page's focus rule, its centred column (`containers`, at most
    /// `width` wide), its own `rules`, the footer, then its `media` queries.
    package static func sheet(focus: String, containers: String, width: String, rules: String, media: String) -> String {
        """
        \(head)
        \(focus)
        \(containers) { max-width: \(width); margin: 0 auto; padding: 0 1rem; }
        .page-header { border-bottom: 4px solid var(--accent); padding-top: 1rem; }
        h1 { font-size: 1.75rem; line-height: 1.2; margin: 0.5rem 0 1rem; }
        \(rules)
        .page-footer { color: var(--muted); border-top: 1px solid var(--line); margin-top: 3rem; padding-bottom: 2rem; }
        \(media)
        """
    }

    /// Colours, fonts, links, the skip link, code and deletions.
    static let head = """
        :root { color-scheme: light; --text: #1b1b1b; --muted: #4a4a4a; --bg: #ffffff; --line: #d0d0d0;
          --link: #0047b3; --ins-bg: #dff3e4; --ins: #0b5a1f; --del-bg: #fde4e4; --del: #8f1010; --accent: #e40422; }
        * { box-sizing: border-box; }
        html { font-size: 100%; }
        body { margin: 0; background: var(--bg); color: var(--text); line-height: 1.5;
          font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; overflow-wrap: anywhere; }
        a { color: var(--link); }
        .skip-link { position: absolute; left: 0.5rem; top: -3rem; background: var(--bg); color: var(--link);
          padding: 0.5rem 1rem; border: 2px solid var(--link); z-index: 10; }
        .skip-link:focus { top: 0.5rem; }
        code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.9em; }
        del { background: var(--del-bg); color: var(--del); text-decoration: line-through; }
        """
}

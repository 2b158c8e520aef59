"""The fixture catalog page served at ``/``: plain HTML, inline CSS and JS, nothing fetched.

Stable hooks for browser tests (documented in the README):
``#catalog[data-fixture-count]``; one ``article.scenario[data-scenario][data-hash][data-status]``
per scenario holding ``.scenario-hash``, ``.scenario-description``, ``.bars`` (one
``.bar[data-speaker-id][data-share]`` per item of a share list, or ``.empty-list``, or
``.error-message``, or ``.json-body``, or ``.no-body``: see ``mockserver.mock.views``),
``code.curl`` and ``button.copy``; ``a.swagger-link``, ``a.fixtures-json-link``.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

_STYLE = """
body{font:15px/1.4 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#222}
h1{font-size:1.4rem}
.scenario{border:1px solid #ddd;border-radius:6px;padding:.8rem 1rem;margin:1rem 0}
.scenario h2{font-size:1.1rem;margin:0 0 .3rem}.scenario-hash{font-size:.85rem;color:#555}
.status{font-size:.8rem;padding:0 .4rem;border-radius:3px;background:#e6f4ea;margin-left:.5rem}
.bars{margin:.5rem 0}.bar-row{display:flex;align-items:center;gap:.5rem;font-size:.8rem}
.bar-track{flex:1;background:#f1f1f1;height:.8rem;border-radius:3px}
.bar{background:#3b82f6;height:100%;border-radius:3px}.bar-label{width:14rem;font-family:monospace}
.json-body{background:#f6f8fa;padding:.4rem;font-size:.8rem;white-space:pre-wrap;
word-break:break-all;margin:.5rem 0}
.curl-line{display:flex;gap:.5rem;align-items:center}.curl{flex:1;word-break:break-all;
background:#f6f8fa;padding:.3rem .5rem;border-radius:4px;font-size:.8rem}
"""
_SCRIPT = """
document.querySelectorAll('button.copy').forEach(function (button) {
  button.addEventListener('click', function () {
    var text = document.getElementById(button.dataset.copyTarget).textContent;
    function done() { button.textContent = 'Copied'; button.dataset.copied = 'true'; }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, fallback);
    } else { fallback(); }
    function fallback() {
      var area = document.createElement('textarea'); area.value = text;
      document.body.appendChild(area); area.select();
      try { document.execCommand('copy'); done(); } finally { area.remove(); }
    }
  });
});
"""


def render_page(document: dict[str, Any], admin: bool = True) -> str:
    fixtures = document["fixtures"]
    links = [f'<a class="swagger-link" href="{escape(document["swagger_ui"])}">Swagger UI</a>',
             f'<a class="spec-link" href="{escape(document["spec"])}">openapi.yaml</a>']
    if admin:
        links.append('<a class="fixtures-json-link" href="/__mock__/fixtures">as JSON</a>')
    articles = "\n".join(_article(index, fx) for index, fx in enumerate(fixtures))
    name = escape(str(document.get("title") or "OpenAPI"))
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{name}: mock fixture catalog</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>{_STYLE}</style></head>
<body><main id="catalog" data-fixture-count="{len(fixtures)}">
<h1>{name} (mock): {len(fixtures)} scenarios</h1>
<p class="links">{" · ".join(links)}</p>
<p class="token-hint">Every request needs a bearer token:
<code>{escape(document["token_hint"])}</code> (a public development token from tokens.json).</p>
{_dynamic_note(document["dynamic"])}
{articles}
</main><script>{_SCRIPT}</script></body></html>
"""


def _dynamic_note(dynamic: dict[str, Any]) -> str:
    state = "on" if dynamic["default"] else "off (send <code>Prefer: dynamic=true</code>)"
    return (f'<p class="dynamic-note" data-dynamic="{str(dynamic["default"]).lower()}">'
            f"Requests no fixture answers get a body generated from the spec: {state}.</p>")


def _first_value(fx: dict[str, Any]) -> str:
    """``data-hash``: the fixture's first path or query value (what the request is keyed by)."""
    for part in ("path_values", "query"):
        values = fx.get(part)
        if isinstance(values, dict) and values:
            return str(next(iter(values.values())))
    return ""


def _request_text(fx: dict[str, Any]) -> str:
    query = fx.get("query") or {}
    if fx.get("method", "GET") == "GET" and query and not fx.get("path_values") \
            and not fx.get("headers"):
        return " ".join(f"{k}={v}" for k, v in query.items())
    return f"{fx.get('method', 'GET')} {fx.get('path', '')}" + (
        "?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _article(index: int, fx: dict[str, Any]) -> str:
    curl_id = f"curl-{index}"
    return f"""<article class="scenario" data-scenario="{escape(fx["scenario"])}" \
data-hash="{escape(_first_value(fx))}" data-status="{fx["status"]}">
<h2>{escape(fx["scenario"])}<span class="status">{fx["status"]}</span></h2>
<code class="scenario-hash">{escape(_request_text(fx))}</code>
<p class="scenario-description">{escape(fx["description"])}</p>
<div class="bars">{_view(fx.get("view") or {"kind": "json"}, fx.get("body"))}</div>
<div class="curl-line"><code class="curl" id="{curl_id}">{escape(fx["curl"])}</code>
<button type="button" class="copy" data-copy-target="{curl_id}">Copy</button></div>
</article>"""


def _view(view: dict[str, Any], body: Any) -> str:
    kind = view.get("kind")
    if kind == "message":
        return f'<p class="error-message">{escape(str(view.get("message", "")))}</p>'
    if kind == "empty":
        return '<p class="empty-list">An empty list.</p>'
    if kind == "none":
        return '<p class="no-body">No body.</p>'
    if kind != "bars":
        return f'<pre class="json-body">{escape(json.dumps(body, ensure_ascii=False))}</pre>'
    rows = []
    for bar in view.get("bars") or []:
        share = float(bar.get("share", 0))
        bar_id = escape(str(bar.get("id", "")))
        rows.append(
            f'<div class="bar-row"><span class="bar-label">{bar_id[:8]}… {share:g}%</span>'
            f'<div class="bar-track"><div class="bar" data-speaker-id="{bar_id}" '
            f'data-share="{share:g}" style="width:{min(max(share, 0), 100):.2f}%" '
            f'title="{bar_id}: {share:g}%"></div></div></div>'
        )
    return "".join(rows)

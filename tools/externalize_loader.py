#!/usr/bin/env python3
"""Trunk post-build hook: move trunk's inline wasm loader into a same-origin file.

The page's Content-Security-Policy allows scripts from 'self' only, so the inline
<script type="module"> trunk writes would be blocked. This moves its body into
boot-<hash>.js next to index.html and references it with a relative src, which
keeps dist/ hostable from any sub-path.
"""
import hashlib
import os
import pathlib
import re
import sys

staging = pathlib.Path(os.environ.get("TRUNK_STAGING_DIR", "dist"))
index = staging / "index.html"
html = index.read_text(encoding="utf-8")
pattern = re.compile(r'<script type="module"(?P<attrs>[^>]*)>(?P<body>.*?)</script>', re.S)
matches = [m for m in pattern.finditer(html) if "import init" in m.group("body")]
if len(matches) != 1:
    sys.exit(f"externalize_loader: expected one inline loader script, found {len(matches)}")
m = matches[0]
body = m.group("body").strip() + "\n"
digest = hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]
name = f"boot-{digest}.js"
(staging / name).write_text(body, encoding="utf-8")
html = html[: m.start()] + f'<script type="module" src="./{name}"></script>' + html[m.end():]
index.write_text(html, encoding="utf-8")
print(f"externalize_loader: loader moved to {name}")

#!/usr/bin/env python3
"""Trunk post-build hook: the steps after trunk's own build, in order (trunk may run hooks of one
stage concurrently, and the service worker must list the files the loader step writes).

1. externalize_loader.py — trunk's inline loader into a file, for the CSP.
2. service_worker.py — sw.js listing every file, for offline use.
"""
import pathlib
import runpy

here = pathlib.Path(__file__).parent
for step in ("externalize_loader.py", "service_worker.py"):
    runpy.run_path(str(here / step), run_name="__main__")

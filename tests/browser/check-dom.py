#!/usr/bin/env python3
"""check-dom.py DOM INDEX: the DOM Chromium dumped after loading index.html
against the index.json it was made from. Prints what is wrong; exit 1 then.

Checks: one tr.model row per index entry, keyed and in order; a few cells'
text equals the metric formatted as the page does; every svg.plot holds
painted elements (paths with a non-empty d, rects with a width, circles);
the page's script ran and found every plot drawn (body data-rendered=N/N).
"""
import json
import sys
from html.parser import HTMLParser


class Dom(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows = []        # [{key, type, cells: {class: text}}]
        self.svgs = []        # [{id, paths, rects, circles}]
        self.body = {}
        self._row = self._cell = self._svg = None
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = (a.get("class") or "").split()
        if tag == "body":
            self.body = a
        if tag == "tr" and "model" in cls:
            self._row = {"key": a.get("data-key"), "type": a.get("data-type"), "cells": {}}
            self.rows.append(self._row)
        if tag == "td" and self._row is not None and "metric" in cls:
            self._cell = [c for c in cls if c not in ("metric", "better", "worse")][0]
            self._row["cells"][self._cell] = ""
        if tag == "span" and self._cell and "v" in cls:
            self._depth = 1
        if tag == "svg" and "plot" in cls:
            self._svg = {"id": a.get("id"), "paths": 0, "rects": 0, "circles": 0}
            self.svgs.append(self._svg)
        if self._svg is not None:
            if tag == "path" and (a.get("d") or "").strip():
                self._svg["paths"] += 1
            if tag == "rect" and float(a.get("width") or 0) > 0 and float(a.get("height") or 0) > 0:
                self._svg["rects"] += 1
            if tag == "circle" and float(a.get("r") or 0) > 0:
                self._svg["circles"] += 1

    def handle_endtag(self, tag):
        if tag == "span":
            self._depth = 0
        if tag == "td":
            self._cell = None
        if tag == "tr":
            self._row = None
        if tag == "svg":
            self._svg = None

    def handle_data(self, data):
        if self._cell and self._depth:
            self._row["cells"][self._cell] += data


def f4(x):
    return "—" if x is None else "%.4f" % x


def pct(x):
    return "—" if x is None else "%.1f%%" % (x * 100)


def main():
    dom_file, index_file = sys.argv[1:3]
    dom = Dom()
    dom.feed(open(dom_file, encoding="utf-8").read())
    index = json.load(open(index_file))
    errors = []
    models = index["models"]
    if len(dom.rows) != len(models) or len(models) != index["count"]:
        errors.append("rows: %d shown, %d in index.json (count %d)"
                      % (len(dom.rows), len(models), index["count"]))
    for row, m in zip(dom.rows, models):
        if row["key"] != m["key"]:
            errors.append("row %s where index.json has %s" % (row["key"], m["key"]))
            continue
        val = (m.get("metrics") or {}).get("val") or {}
        if m["model_type"] == "draw_specialist":
            want = {"brier": f4(val.get("brier")), "log_loss": f4(val.get("log_loss"))}
        else:
            want = {"rps": f4(val.get("rps")), "log_loss": f4(val.get("log_loss")),
                    "accuracy": pct(val.get("accuracy"))}
        for cls, text in want.items():
            got = row["cells"].get(cls, "").strip()
            # %.4f and the page's rounding may differ in the last digit at a tie
            if got != text and not (got[:-1] == text[:-1] and got[:1].isdigit()):
                errors.append("%s %s: page %r, index.json %r" % (m["key"], cls, got, text))
    if len(dom.svgs) < 3:
        errors.append("only %d svg.plot elements" % len(dom.svgs))
    for s in dom.svgs:
        if s["paths"] == 0 or s["rects"] + s["circles"] == 0:
            errors.append("svg %s: %d paths, %d rects, %d circles"
                          % (s["id"], s["paths"], s["rects"], s["circles"]))
    want = "%d/%d" % (len(dom.svgs), len(dom.svgs))
    if dom.body.get("data-rendered") != want:
        errors.append("body data-rendered=%r, want %r" % (dom.body.get("data-rendered"), want))
    for e in errors:
        print(e)
    print("%d rows, %d plots checked" % (len(dom.rows), len(dom.svgs)))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())

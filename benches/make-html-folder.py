#!/usr/bin/env python3
"""A folder of N saved web pages of about 30 KB each, for the end-to-end opening figure:

    python3 benches/make-html-folder.py DIR 10000
    /usr/bin/time -v target/release/pressmark inspect DIR > /dev/null

Each page is the real blog post page in tests/fixtures/formats/page-python-blog.html (see the
README there), its side bar's archive list cut so the page weighs about 30 KB, under its own
title and date (so every page is a release of its own), in subfolders of 500 pages."""

import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PAGE = os.path.join(HERE, "..", "tests", "fixtures", "formats", "page-python-blog.html")
WORDS = ["funding", "police", "border", "schools", "housing", "energy", "trade", "health",
         "courts", "transport", "water", "digital", "rail", "farming", "science", "defence"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def main():
    out, n = sys.argv[1], int(sys.argv[2])
    page = open(PAGE, encoding="utf-8").read()
    # Cut the side bar's archive list until the page is about 30 KB.
    start = page.find("BlogArchive")
    while len(page.encode("utf-8")) > 30_500:
        m = re.search(r"<li class=.archivedate collapsed.>.*?</li>", page[start:], re.S)
        if not m:
            break
        page = page[: start + m.start()] + page[start + m.end():]
    title = "Python 3.6.0 is now available!"
    date = "Friday, December 23, 2016"
    for i in range(n):
        words = [WORDS[(i >> (4 * k)) % len(WORDS)] for k in range(3)]
        new_title = f"New {words[0]} plan for {words[1]} and {words[2]} ({i})"
        new_date = f"Friday, {MONTHS[i % 12]} {1 + i % 28}, {2000 + i % 25}"
        text = page.replace(title, new_title).replace(date, new_date)
        sub = os.path.join(out, f"part-{i // 500:03d}")
        os.makedirs(sub, exist_ok=True)
        with open(os.path.join(sub, f"page-{i:05d}.html"), "w", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    main()

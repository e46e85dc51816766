#!/usr/bin/env python3
"""A feed of N items for the end-to-end reading figure (issue 11: 10,000 items in at most 1 s):

    python3 benches/make-feed.py /tmp/feed10k.xml 10000
    /usr/bin/time -f "%e s %M KB" target/release/pressmark inspect /tmp/feed10k.xml --no-cache > /dev/null

Built as benches/feeds.rs builds its "whole releases" feed: the one item of the real feed
tests/fixtures/formats/rss2-nasa.xml repeated under new titles, guids and dates, each with the
bundled sample's first release (tests/fixtures/figures/release-01-student-visas.txt) as HTML in
`content:encoded`."""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
FEED = os.path.join(HERE, "..", "tests", "fixtures", "formats", "rss2-nasa.xml")
RELEASE = os.path.join(HERE, "..", "tests", "fixtures", "figures", "release-01-student-visas.txt")


def main():
    out, n = sys.argv[1], int(sys.argv[2])
    feed = open(FEED, encoding="utf-8").read()
    lines = open(RELEASE, encoding="utf-8").read().splitlines()[8:]
    html = "".join(f"<p>{l.strip()}</p>\n" for l in lines if l.strip())
    start = feed.find("<item>")
    end = feed.find("</item>") + len("</item>")
    head, item, tail = feed[:start], feed[start:end], feed[end:]
    head = head.replace(
        "xmlns:dc=", 'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc=', 1)
    with open(out, "w", encoding="utf-8") as f:
        f.write(head)
        for i in range(n):
            it = (item.replace("Cygnus Cargo Ship</title>", f"Cygnus Cargo Ship {i}</title>")
                  .replace("</guid>", f"#{i}</guid>")
                  .replace("01 Aug 2019", f"{1 + i % 28:02d} Aug 2019"))
            it = it.replace("</item>",
                            f"<content:encoded><![CDATA[{html}]]></content:encoded></item>")
            f.write(it)
        f.write(tail)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Loads ccsim HTML reports in headless Chromium: no console message, every chart drawn.

usage: report_browser_test.py CCSIM SCENARIO WORKDIR [ROSTER_SCENARIO]

For `ccsim run` and `ccsim staff` on SCENARIO (and `ccsim roster --analytic-only` on
ROSTER_SCENARIO when given) it writes --out DIR, then for each report.html:
  * the file is self-contained: no <script src>, <link>, <img>, <iframe> or url(http...), and
    Chromium runs with every host name unresolvable (a fetch would log a console error);
  * Chromium (--dump-dom after the page ran) shows <body data-charts=N> with N equal to the
    number of chart figures, N > 0, and at least N <canvas> elements that ECharts created;
  * Chromium prints no console message at all (errors, uncaught exceptions, warnings);
  * a screenshot holds drawn charts: at least 1 % of its pixels are saturated colours (the
    series and heat-map cells; text, tables and backgrounds are grey or white).
Exits 77 (ctest SKIP_RETURN_CODE) when no Chromium is installed, 1 on a failed check.
"""
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def chromium_binary():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def chromium(binary, args, url):
    profile = tempfile.mkdtemp(prefix="ccsim-chromium-")
    try:
        cmd = [binary, "--headless", "--no-sandbox", "--disable-gpu",
               "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run", "--user-data-dir=" + profile,
               "--enable-logging=stderr", "--v=0",
               # Any fetch fails (and logs a console message, which fails the test).
               "--host-resolver-rules=MAP * ~NOTFOUND", "--virtual-time-budget=10000"] + args + [url]
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
        return p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def png_pixels(path):
    """(width, height, rows of RGB(A) bytes) of an 8-bit, non-interlaced RGB or RGBA PNG."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail(path + " is not a PNG")
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or colour not in (2, 6) or interlace:
                fail("unexpected PNG format depth=%d colour=%d" % (depth, colour))
            bpp = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 255
        rows.append(line)
        prev = line
    return width, height, bpp, rows


def saturated_share(path):
    width, height, bpp, rows = png_pixels(path)
    n = 0
    for line in rows:
        for x in range(0, width * bpp, bpp):
            r, g, b = line[x], line[x + 1], line[x + 2]
            if max(r, g, b) - min(r, g, b) > 60:
                n += 1
    return n / float(width * height)


def check_report(binary, report, work):
    text = open(report, encoding="utf-8").read()
    # Markup only: the inlined scripts' text is code (ECharts' own "<img" strings), not tags.
    markup = re.sub(r"(<script[^>]*>).*?</script>", r"\1</script>", text, flags=re.S)
    if re.search(r"<script[^>]*\ssrc=|<link\b|<img\b|<iframe\b|url\(\s*['\"]?(https?:|//)",
                 markup, re.I):
        fail(report + " references an external resource")
    figures = text.count("<figure>")
    if figures == 0:
        fail(report + " has no charts")
    url = "file://" + os.path.abspath(report)
    # One page load gives both the DOM after the scripts ran and the screenshot.
    shot = os.path.join(work, os.path.basename(os.path.dirname(report)) + ".png")
    dom, log = chromium(binary, ["--dump-dom", "--window-size=900,1000", "--screenshot=" + shot],
                        url)
    console = [l for l in log.splitlines() if ":CONSOLE" in l]
    if console:
        fail("console messages in %s:\n%s" % (report, "\n".join(console[:10])))
    m = re.search(r'<body[^>]*data-charts="(\d+)"', dom)
    if not m:
        fail(report + ": the chart loader did not finish (no data-charts on <body>)")
    if int(m.group(1)) != figures:
        fail("%s: %s charts drawn, %d figures" % (report, m.group(1), figures))
    canvases = len(re.findall(r"<canvas\b", dom))
    if canvases < figures:
        fail("%s: %d canvases for %d charts" % (report, canvases, figures))
    if not os.path.exists(shot):
        fail("no screenshot of " + report)
    share = saturated_share(shot)
    print("%s: %d charts drawn, %d canvases, %.1f %% coloured pixels in the screenshot"
          % (report, figures, canvases, share * 100))
    if share < 0.01:
        fail(report + ": the screenshot shows no drawn charts")


def main():
    if len(sys.argv) not in (4, 5):
        print(__doc__)
        return 2
    ccsim, scenario, work = sys.argv[1:4]
    roster = sys.argv[4] if len(sys.argv) == 5 else None
    binary = chromium_binary()
    if not binary:
        print("SKIP: no chromium installed")
        return 77
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    cases = [("run", scenario, ["--replications", "2"]),
             ("staff", scenario, ["--analytic-only"])]
    if roster:
        cases.append(("roster", roster, ["--analytic-only"]))
    for command, path, extra in cases:
        out = os.path.join(work, command)
        p = subprocess.run([ccsim, command, path, "--out", out] + extra,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=120)
        if p.returncode != 0:
            fail("ccsim %s exited %d: %s" % (command, p.returncode, p.stderr.decode()))
        check_report(binary, os.path.join(out, "report.html"), work)
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())

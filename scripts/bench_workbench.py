"""Workbench page timings (see scripts/bench-workbench, which seeds the store and starts the server).

  python3 scripts/bench_workbench.py parties OUT.csv COUNT    # COUNT parties named after listed names and aliases
  python3 scripts/bench_workbench.py pages URL USER PASSWORD RUNS LABEL

`pages` signs in like a browser (CSRF field from the sign-in page, session cookie), then requests every page
RUNS times one after another on one kept-alive connection, each page's deep pages found by following its
"next" links, and prints p50 / p95 / max in milliseconds per page (time from sending the request to the last
byte of the answer). A page that does not answer 200 stops the run.
"""

import csv
import http.client
import re
import statistics
import sys
import time
import urllib.parse

TARGET_P95_MS = 50.0


def parties(out_path, count):
    """Listed names (OFAC SDN primary names and aliases, the bundled files) under new party ids, cycled."""
    names = []
    with open("Data/lists/ofac/sdn/sdn.csv", encoding="latin-1", newline="") as f:
        for row in csv.reader(f):
            if len(row) > 2:
                names.append((row[1].strip(), "individual" if row[2].strip() == "individual" else "entity"))
    with open("Data/lists/ofac/sdn/alt.csv", encoding="latin-1", newline="") as f:
        for row in csv.reader(f):
            if len(row) > 3:
                names.append((row[3].strip(), "entity"))
    names = [(n, t) for n, t in names if n and n != "-0-"]
    with open(out_path, "w", encoding="utf-8", newline="") as out:
        w = csv.writer(out)
        w.writerow(["id", "name", "type", "country", "dob"])
        for i in range(count):
            name, kind = names[i % len(names)]
            w.writerow([f"P{i + 1:07d}", name, kind, "", ""])
    print(f"{count} parties from {len(names)} listed names and aliases", file=sys.stderr)


class Browser:
    def __init__(self, base):
        parts = urllib.parse.urlsplit(base)
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        self.cookies = {}

    def request(self, method, path, form=None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        elapsed = (time.perf_counter() - started) * 1000
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, response.getheader("Location"), text, elapsed

    def csrf(self, path):
        status, _, text, _ = self.request("GET", path)
        match = re.search(r'name="csrf" value="([^"]+)"', text)
        if status != 200 or not match:
            sys.exit(f"{path}: no form with a CSRF field (status {status})")
        return match.group(1)


def follow_next(browser, path, hops):
    """The page `hops` "next" links after `path`."""
    for _ in range(hops):
        status, _, text, _ = browser.request("GET", path)
        match = re.search(r'<a href="([^"]+)" rel="next"', text)
        if status != 200 or not match:
            break
        path = match.group(1).replace("&amp;", "&")
    return path


def pages(base, user, password, runs, label):
    browser = Browser(base)
    token = browser.csrf("/signin")
    status, location, _, _ = browser.request("POST", "/signin", {"csrf": token, "username": user, "password": password})
    if status != 303 or location != "/":
        sys.exit(f"sign-in failed: {status} {location}")
    _, _, queue, _ = browser.request("GET", "/alerts")
    ids = re.findall(r'href="/alerts/(\d+)"', queue)
    if not ids:
        sys.exit("the alert queue is empty: seed the store first")
    deep_alerts = follow_next(browser, "/alerts", 200)
    _, _, deep_text, _ = browser.request("GET", deep_alerts)
    deep_ids = re.findall(r'href="/alerts/(\d+)"', deep_text) or ids
    screen_token = browser.csrf("/screen")
    cases = [
        ("home", "GET", "/", None),
        ("alerts: first page", "GET", "/alerts", None),
        ("alerts: open, one list, score >= 0.9, by score", "GET", "/alerts?status=open&list=ofac-sdn&min_score=0.9&sort=score", None),
        ("alerts: oldest first, older than 0 days", "GET", "/alerts?status=open&older_than_days=0&sort=oldest", None),
        (f"alerts: page 200 by keyset", "GET", deep_alerts, None),
        ("case", "GET", f"/alerts/{deep_ids[len(deep_ids) // 2]}", None),
        ("screen (POST, one name)", "POST", "/screen", {"csrf": screen_token, "name": "Banco Nacional de Cuba", "type": "", "country": "", "dob": ""}),
        ("audit: newest", "GET", "/audit", None),
        ("audit: page 100 by keyset", "GET", follow_next(browser, "/audit", 100), None),
        ("audit: one action", "GET", "/audit?action=screen", None),
        ("exclusions (public docket)", "GET", "/exclusions", None),
        ("admin: users", "GET", "/admin/users", None),
    ]
    print(f"{label}: {runs} requests per page after 5 warm-up requests (ms)")
    worst = 0.0
    for name, method, path, form in cases:
        times = []
        for i in range(runs + 5):
            status, _, _, elapsed = browser.request(method, path, form)
            if status != 200:
                sys.exit(f"{name}: {method} {path} answered {status}")
            if i >= 5:
                times.append(elapsed)
        times.sort()
        p95 = times[max(0, int(round(0.95 * len(times))) - 1)]
        worst = max(worst, p95)
        flag = "" if p95 <= TARGET_P95_MS else "   OVER TARGET"
        print(f"  {name:<50} p50 {statistics.median(times):7.2f}  p95 {p95:7.2f}  max {times[-1]:7.2f}{flag}")
    print(f"{label}: worst p95 {worst:.2f} ms (target <= {TARGET_P95_MS:.0f} ms)")


if __name__ == "__main__":
    if sys.argv[1] == "parties":
        parties(sys.argv[2], int(sys.argv[3]))
    elif sys.argv[1] == "pages":
        pages(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), sys.argv[6])
    else:
        sys.exit(__doc__)

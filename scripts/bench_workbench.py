"""Workbench page timings (see scripts/bench-workbench, which seeds the store and starts the server).

  python3 scripts/bench_workbench.py parties OUT.csv COUNT    # COUNT parties named after listed names and aliases
  python3 scripts/bench_workbench.py pages URL USER PASSWORD RUNS LABEL [ROUNDS]

`pages` signs in like a browser (CSRF field from the sign-in page, session cookie), then requests every page
kind (`cases`: each queue filter and sort and deep keyset pages, a case, parties by ASCII and non-ASCII prefix,
lists and diffs, jobs, the forms, licences, authorisations, revocations, the exclusion docket as the public and
as a reviewer, audit filtered and deep, admin) RUNS times one after another on one kept-alive connection, each
page's deep pages found by following its "next" links, and prints p50 / p95 / max in milliseconds per page (time
from sending the request to the last byte of the answer) with the load average; ROUNDS times over, then the
median of each figure over the rounds as a Markdown table. A page that does not answer 200 stops the run.
"""

import csv
import html
import os
import http.client
import re
import statistics
import sys
import time
import urllib.parse

TARGET_P95_MS = 50.0
# Parties whose names are not ASCII (upper and lower case, Latin with diacritics and Cyrillic): the prefix search
# must find them on both backends whatever case the query is in.
NON_ASCII_EVERY = 50
NON_ASCII_NAMES = [
    "MÜLLER HANDELSGESELLSCHAFT", "Müller Maschinenbau", "ÖZTÜRK DIŞ TİCARET", "Şahin Lojistik", "ЗАО ТЕХНОПРОМ", "ООО Восток",
    "ÉTABLISSEMENTS DUPONT", "Łódź Trading", "ΑΘΗΝΑ ΝΑΥΤΙΛΙΑΚΗ",
]


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
            if i % NON_ASCII_EVERY == NON_ASCII_EVERY - 1:
                name, kind = f"{NON_ASCII_NAMES[(i // NON_ASCII_EVERY) % len(NON_ASCII_NAMES)]} {i}", "entity"
            w.writerow([f"P{i + 1:07d}", name, kind, "", ""])
    print(f"{count} parties from {len(names)} listed names and aliases, one in {NON_ASCII_EVERY} a non-ASCII name", file=sys.stderr)


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
        path = html.unescape(match.group(1))
    return path


def first_link(browser, path, pattern, what):
    """The first match of `pattern` (one group) in the page at `path`; stops the run when there is none."""
    status, _, text, _ = browser.request("GET", path)
    match = re.search(pattern, text)
    if status != 200 or not match:
        sys.exit(f"{path}: no {what} to visit (status {status}): seed the store first")
    return html.unescape(match.group(1))


def cases(browser, public):
    """Every page kind, as (name, browser, method, path, form): each filter and sort of the queue and its deep
    keyset pages, a case, parties by prefix (ASCII and not) and a party, lists and a version's diff, jobs, the
    forms, licences, authorisations, revocations, the exclusion docket (public and reviewer), audit (filtered and
    deep), admin."""
    deep_alerts = follow_next(browser, "/alerts", 200)
    deep_ids = re.findall(r'href="/alerts/(\d+)"', browser.request("GET", deep_alerts)[2])
    if not deep_ids:
        sys.exit("the alert queue is empty: seed the store first")
    deep_audit = follow_next(browser, "/audit", 100)
    actor = first_link(browser, "/audit?action=screen", r'<td>([^<>]+)</td><td>screen</td>', "screening actor")
    party = first_link(browser, "/parties?q=a", r'href="(/party\?id=[^"]+)"', "party")
    version = first_link(browser, "/lists", r'href="/lists/versions/(\d+)"', "list version")
    exclusion = first_link(browser, "/exclusions", r'href="/exclusions/([^"/]+)"', "exclusion request")
    screen = browser.csrf("/screen")
    determine = browser.csrf("/determine")
    return [
        ("sign-in form (public)", public, "GET", "/signin", None),
        ("home", browser, "GET", "/", None),
        ("alerts: open, oldest first", browser, "GET", "/alerts", None),
        ("alerts: any status", browser, "GET", "/alerts?status=", None),
        ("alerts: false positives", browser, "GET", "/alerts?status=false_positive", None),
        ("alerts: open, one list", browser, "GET", "/alerts?status=open&list=ofac-sdn", None),
        ("alerts: open, score >= 0.95, by score", browser, "GET", "/alerts?status=open&min_score=0.95&sort=score", None),
        ("alerts: open, one list, score >= 0.9, by score", browser, "GET", "/alerts?status=open&list=ofac-sdn&min_score=0.9&sort=score", None),
        ("alerts: open, older than 0 days, oldest", browser, "GET", "/alerts?status=open&older_than_days=0&sort=oldest", None),
        ("alerts: open, older than 30 days (none)", browser, "GET", "/alerts?status=open&older_than_days=30", None),
        ("alerts: page 200 by keyset", browser, "GET", deep_alerts, None),
        ("alerts: by score, page 100 by keyset", browser, "GET", follow_next(browser, "/alerts?status=open&sort=score", 100), None),
        ("case", browser, "GET", f"/alerts/{deep_ids[len(deep_ids) // 2]}", None),
        ("screen form", browser, "GET", "/screen", None),
        ("screen (POST, one name)", browser, "POST", "/screen", {"csrf": screen, "name": "Banco Nacional de Cuba", "type": "", "country": "", "dob": ""}),
        ("parties: first page", browser, "GET", "/parties", None),
        ("parties: prefix 'ban'", browser, "GET", "/parties?q=ban", None),
        ("parties: prefix 'BANCO NAC' (many)", browser, "GET", "/parties?q=BANCO%20NAC", None),
        ("parties: prefix 'müller' (non-ASCII)", browser, "GET", "/parties?q=m%C3%BCller", None),
        ("parties: prefix 'ЗАО' (Cyrillic)", browser, "GET", "/parties?q=%D0%B7%D0%B0%D0%BE", None),
        ("parties: page 100 by keyset", browser, "GET", follow_next(browser, "/parties", 100), None),
        ("party", browser, "GET", party, None),
        ("lists", browser, "GET", "/lists", None),
        ("list version: added", browser, "GET", f"/lists/versions/{version}", None),
        ("list version: added, page 20", browser, "GET", follow_next(browser, f"/lists/versions/{version}", 20), None),
        ("list version: removed", browser, "GET", f"/lists/versions/{version}?change=removed", None),
        ("jobs", browser, "GET", "/jobs", None),
        ("determine form", browser, "GET", "/determine", None),
        ("determine (POST)", browser, "POST", "/determine", {"csrf": determine, "eccn": "3A001", "destination": "CN"}),
        ("licences", browser, "GET", "/licences", None),
        ("authorisations", browser, "GET", "/authorizations", None),
        ("authorisations: page 20 by keyset", browser, "GET", follow_next(browser, "/authorizations", 20), None),
        ("revocations", browser, "GET", "/revocations", None),
        ("artefacts", browser, "GET", "/artifacts", None),
        ("duty form", browser, "GET", "/duty", None),
        ("exclusions (public docket)", public, "GET", "/exclusions", None),
        ("exclusions: page 10 (public)", public, "GET", follow_next(public, "/exclusions", 10), None),
        ("exclusion request (public)", public, "GET", f"/exclusions/{exclusion}", None),
        ("exclusion request (reviewer)", browser, "GET", f"/exclusions/{exclusion}", None),
        ("exclusion decision form (reviewer)", browser, "GET", f"/exclusions/{exclusion}/decide", None),
        ("audit: newest", browser, "GET", "/audit", None),
        ("audit: page 100 by keyset", browser, "GET", deep_audit, None),
        ("audit: one action", browser, "GET", "/audit?action=screen", None),
        ("audit: one action, page 50", browser, "GET", follow_next(browser, "/audit?action=screen", 50), None),
        ("audit: one actor", browser, "GET", f"/audit?actor={urllib.parse.quote(actor)}", None),
        ("audit: rare action (case decisions)", browser, "GET", "/audit?action=case.decide", None),
        ("admin: users", browser, "GET", "/admin/users", None),
    ]


def percentile95(times):
    return times[max(0, int(round(0.95 * len(times))) - 1)]


def pages(base, user, password, runs, label, rounds=1):
    browser = Browser(base)
    public = Browser(base)
    token = browser.csrf("/signin")
    status, location, _, _ = browser.request("POST", "/signin", {"csrf": token, "username": user, "password": password})
    if status != 303 or location != "/":
        sys.exit(f"sign-in failed: {status} {location}")
    visits = cases(browser, public)
    results = {name: [] for name, *_ in visits}
    for round_number in range(rounds):
        load = os.getloadavg()
        print(f"{label}: round {round_number + 1} of {rounds}, {runs} requests per page after 5 warm-up requests (ms), "
              f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}", flush=True)
        for name, client, method, path, form in visits:
            times = []
            for i in range(runs + 5):
                status, _, _, elapsed = client.request(method, path, form)
                if status != 200:
                    sys.exit(f"{name}: {method} {path} answered {status}")
                if i >= 5:
                    times.append(elapsed)
            times.sort()
            p95 = percentile95(times)
            results[name].append((statistics.median(times), p95, times[-1]))
            flag = "" if p95 <= TARGET_P95_MS else "   OVER TARGET"
            print(f"  {name:<50} p50 {statistics.median(times):7.2f}  p95 {p95:7.2f}  max {times[-1]:7.2f}{flag}", flush=True)
    worst = 0.0
    print(f"{label}: median over {rounds} round(s) of each page's p50 / p95 / max (ms)")
    print(f"| page | p50 | p95 | max |\n|---|---:|---:|---:|")
    for name, rows in results.items():
        p50, p95, top = (statistics.median(column) for column in zip(*rows))
        worst = max(worst, p95)
        flag = " (over target)" if p95 > TARGET_P95_MS else ""
        print(f"| {name} | {p50:.2f} | {p95:.2f}{flag} | {top:.2f} |")
    print(f"{label}: worst median p95 {worst:.2f} ms (target <= {TARGET_P95_MS:.0f} ms)")


if __name__ == "__main__":
    if sys.argv[1] == "parties":
        parties(sys.argv[2], int(sys.argv[3]))
    elif sys.argv[1] == "pages":
        pages(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), sys.argv[6], int(sys.argv[7]) if len(sys.argv) > 7 else 1)
    else:
        sys.exit(__doc__)

"""The Workbench driven in Debian's Chromium (see scripts/ui-test, which starts the server and sets the environment).

Every page visited is checked with axe-core (no serious or critical violation) and for console errors; each
check that fails is collected and reported at the end, with the page. Prints how many checks passed and failed.
"""

import os
import re
import sys

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

import ui_checks_wb2a
import ui_checks_wb2b
import ui_checks_monitor
import ui_checks_wbui

BASE = os.environ["CLEARANCE_UI_URL"]
ADMIN = os.environ["CLEARANCE_UI_ADMIN"].split(":", 1)
SCREENER = os.environ["CLEARANCE_UI_SCREENER"].split(":", 1)
SHOTS = os.environ.get("CLEARANCE_UI_SCREENSHOTS", "ui-screenshots")

results = []
axe = Axe()


def check(name, condition, detail=""):
    results.append((name, bool(condition), detail))
    print(("ok    " if condition else "FAIL  ") + name + ("" if condition else f": {detail}"), flush=True)


def audit_page(page, label, errors, status=None):
    """axe-core on the page as it stands: no serious or critical violation; no console error so far (an error
    page's own status, which Chromium logs as a failed load, excepted)."""
    if status is not None:
        errors[:] = [e for e in errors if f"the server responded with a status of {status}" not in e]
    report = axe.run(page)
    bad = [v for v in report.response["violations"] if v.get("impact") in ("serious", "critical")]
    check(f"{label}: no serious or critical accessibility violation", not bad,
          "; ".join(f"{v['id']} ({v['impact']}): {v['help']}" for v in bad))
    check(f"{label}: no console error", not errors, "; ".join(errors))
    errors.clear()


def shot(page, name):
    page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def sign_in(page, user, password):
    page.goto(BASE + "/signin")
    page.get_by_label("User name").fill(user)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def main():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        errors = []
        page.on("console", lambda message: errors.append(f"{page.url}: {message.text}") if message.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))

        # Without a session, / leads to the sign-in page.
        response = page.goto(BASE + "/")
        check("GET / without a session lands on the sign-in page", page.url.endswith("/signin") and response.ok, page.url)
        shot(page, "signin")
        audit_page(page, "sign-in page", errors)

        # The admin signs in and sees the home page with the user and role.
        sign_in(page, *ADMIN)
        check("signing in leads to the home page", page.url == BASE + "/", page.url)
        check("the home page shows the user and role", "alice" in page.inner_text("header") and "admin" in page.inner_text("header"))
        check("the home page counts the open alert", "Open alerts by list and age (1)" in page.content())
        shot(page, "home")
        audit_page(page, "home page", errors)

        # Screen a listed name and read the explanation.
        page.get_by_role("link", name="Screen").click()
        page.get_by_label("Name").fill("Banco Nacional de Cuba")
        page.get_by_label("Type").select_option("organization")
        page.get_by_role("button", name="Screen").click()
        text = page.inner_text("main")
        check("screening shows the listed entity", "BANCO NACIONAL DE CUBA" in text, text[:300])
        check("the explanation lists the matched words with method and weight",
              page.locator("table.tokens").count() > 0 and "Method" in text and "Weight" in text)
        shot(page, "screen")
        audit_page(page, "screen page", errors)

        # The alert queue, the case page, and a decision with a reason.
        page.get_by_role("link", name="Alerts").click()
        shot(page, "alerts")
        audit_page(page, "alert queue", errors)
        links = page.locator("a[href^='/alerts/']")
        check("the queue lists the open alert", links.count() == 1, str(links.count()))
        href = links.first.get_attribute("href")
        alert_id = href.rsplit("/", 1)[1]
        links.first.click()
        check("the case page shows the party and the listed record",
              "Banco Nacional de Cuba" in page.inner_text("main") and page.locator("dl.record").count() == 1)
        shot(page, "case")
        audit_page(page, "case page", errors)
        page.get_by_label("False positive").check()
        page.get_by_label("Reason (required)").fill("Our customer is the Cuban central bank's namesake café, not the bank")
        page.get_by_role("button", name="Record the decision").click()
        check("the decided case shows its decision", "false_positive" in page.inner_text("main"))
        page.goto(BASE + "/alerts")
        check("the decided alert left the open queue", page.locator(f"a[href='/alerts/{alert_id}']").count() == 0)
        page.goto(BASE + "/audit?action=case.decide")
        audit_text = page.inner_text("main")
        check("the decision is on the audit page with the user as actor",
              f"alert {alert_id}: false_positive" in audit_text and "user:alice" in audit_text, audit_text[:300])
        page.get_by_role("button", name="Verify the chain").click()
        check("verifying the chain says it is intact", "The chain is intact." in page.inner_text("main"))
        shot(page, "audit")
        audit_page(page, "audit page", errors)

        page.goto(BASE + "/admin/users")
        shot(page, "users")
        audit_page(page, "users page", errors)
        page.goto(BASE + "/exclusions")
        audit_page(page, "exclusions docket", errors)

        # A form POST without its CSRF token is refused (403 page), and changes nothing.
        reply = page.request.post(BASE + "/admin/users", form={"username": "mallory", "role": "admin", "password": "a long enough password"})
        check("a form POST without the CSRF token is refused with 403", reply.status == 403, str(reply.status))
        page.goto(BASE + "/admin/users")
        check("the refused POST created no user", "mallory" not in page.inner_text("main"))

        # Sign out: the session ends, and / leads to the sign-in page again.
        page.get_by_role("button", name="Sign out").click()
        check("signing out leads to the sign-in page", page.url.endswith("/signin"), page.url)
        page.goto(BASE + "/")
        check("after signing out / needs a sign-in again", page.url.endswith("/signin"), page.url)

        # A screener is refused an admin page with a 403 page, not a stack trace.
        sign_in(page, *SCREENER)
        response = page.goto(BASE + "/admin/users")
        check("a screener gets a 403 page for the users page", response.status == 403, str(response.status))
        check("the 403 page names the role needed", "needs the admin role" in page.inner_text("main"))
        shot(page, "forbidden")
        audit_page(page, "403 page", errors, status=403)
        response = page.goto(BASE + "/no/such/page")
        check("an unknown page is a 404 page", response.status == 404 and "Not found" in page.inner_text("main"))
        audit_page(page, "404 page", errors, status=404)

        ui_checks_wb2a.run(page, errors, check, audit_page, shot, sign_in, BASE, ADMIN, SCREENER)

        # The public docket, signed out.
        context.clear_cookies()
        response = page.goto(BASE + "/exclusions")
        check("the public docket needs no sign-in", response.ok and page.url.endswith("/exclusions"))
        audit_page(page, "public docket", errors)
        shot(page, "exclusions")
        ui_checks_wb2b.run(page, errors, check, audit_page, shot, sign_in, BASE, ADMIN, SCREENER)
        ui_checks_wbui.run(page, errors, check, audit_page, shot, sign_in, BASE, ADMIN, SCREENER)
        ui_checks_monitor.run(page, errors, check, audit_page, shot, sign_in, BASE, ADMIN, SCREENER)
        check("no console error on any page visited since the last audited one", not errors, "; ".join(errors))
        browser.close()

    failed = sum(1 for _, ok, _ in results if not ok)
    print(f"scripts/ui-test: {len(results) - failed} checks passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

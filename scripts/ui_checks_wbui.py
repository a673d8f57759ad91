"""Browser checks of the alert queue's keyboard shortcuts, the case page's entity record, the queue without
JavaScript, and session expiry (called from scripts/ui_test.py's main): j/k move the focused row, x toggles its
bulk checkbox, Enter and o open its case, / goes to the filter, ? opens the help dialog (Escape closes it and focus
returns), keys typed in a text field stay there; with JavaScript off the queue and sign-in still work; on a second
server started with --session-idle-timeout 3s (CLEARANCE_UI_SHORT_SESSION_URL) an idle session is sent to the
sign-in page, which says it expired and signs back in to the page asked for. With CLEARANCE_UI_README_SHOTS set
(scripts/ui-test --readme-shots) it also writes the README's screenshots there: 1280x800 PNGs of the home page, a
case page with its explanation, and a determination's answer."""

import os
import time
from urllib.parse import urlparse

README_SHOTS = os.environ.get("CLEARANCE_UI_README_SHOTS", "")
SHORT_SESSION_URL = os.environ.get("CLEARANCE_UI_SHORT_SESSION_URL", "")


def focused(page):
    """The focused element: its tag, id and the data-href of a queue row."""
    return page.evaluate("() => { const e = document.activeElement; return {tag: e.tagName, id: e.id, href: e.dataset.href || ''}; }")


def row_box(page, index):
    return page.locator("#queue tbody tr[data-href]").nth(index).locator("input[type=checkbox]")


def check_shortcuts(page, errors, check, audit_page, BASE):
    page.goto(BASE + "/alerts")
    rows = page.locator("#queue tbody tr[data-href]")
    count = rows.count()
    check("the queue has an open alert to drive with the keyboard", count >= 1, str(count))
    if count == 0:
        return
    first = rows.nth(0).get_attribute("data-href")
    check("the queue shows the hint 'Press ? for shortcuts'", page.locator("#shortcut-hint").is_visible()
          and "Press ? for keyboard shortcuts" in page.inner_text("#shortcut-hint"))

    page.keyboard.press("j")
    check("j focuses the first row", focused(page)["href"] == first, str(focused(page)))
    if count >= 2:
        second = rows.nth(1).get_attribute("data-href")
        page.keyboard.press("j")
        check("j again moves to the next row", focused(page)["href"] == second, str(focused(page)))
        page.keyboard.press("k")
        check("k moves back to the previous row", focused(page)["href"] == first, str(focused(page)))
    else:
        page.keyboard.press("k")
        check("k on the first row stays there", focused(page)["href"] == first, str(focused(page)))

    box = row_box(page, 0)
    if box.count() == 1:
        page.keyboard.press("x")
        check("x selects the focused row for clearing", box.is_checked())
        page.keyboard.press("x")
        check("x again unselects it", not box.is_checked())

    page.keyboard.press("?")
    dialog = page.locator("dialog#shortcuts")
    check("? opens the shortcut help as a modal dialog", dialog.is_visible() and page.evaluate("document.getElementById('shortcuts').open"))
    text = dialog.inner_text()
    check("the help lists every shortcut", all(key in text for key in ["j", "k", "Enter", "o", "x", "/", "?", "Esc"]), text)
    audit_page(page, "alert queue with the shortcut help open", errors)
    page.keyboard.press("j")
    check("keys do nothing behind the open dialog", dialog.is_visible())
    page.keyboard.press("Escape")
    check("Escape closes the help", not dialog.is_visible())
    check("closing the help returns focus to the row", focused(page)["href"] == first, str(focused(page)))

    page.keyboard.press("/")
    check("/ goes to the filter", focused(page)["id"] == "status", str(focused(page)))
    page.locator("#min_score").focus()
    page.keyboard.type("j?x")
    check("keys typed in a text field stay in it", page.locator("#min_score").input_value() == "j?x"
          and focused(page)["id"] == "min_score" and not dialog.is_visible())
    page.locator("#min_score").fill("")

    rows.nth(0).focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**" + first)
    check("Enter opens the focused row's case", urlparse(page.url).path == first, page.url)
    page.go_back()
    page.wait_for_selector("#queue")
    page.keyboard.press("j")
    page.keyboard.press("o")
    page.wait_for_url("**" + first)
    check("o opens the focused row's case", urlparse(page.url).path == first, page.url)


def check_case_record(page, check):
    record = page.locator("dl.record")
    text = record.inner_text() if record.count() == 1 else ""
    check("the case page shows the listed entity's record as labelled fields",
          record.count() == 1 and all(label in text for label in ["Name", "List", "Entry id", "List version"]), text[:300])
    check("the record has no raw JSON or null", "null" not in text and "{" not in text, text[:300])


def check_without_javascript(page, check, BASE, ADMIN):
    context = page.context.browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    plain = context.new_page()
    plain_errors = []
    plain.on("console", lambda message: plain_errors.append(f"{plain.url}: {message.text}") if message.type == "error" else None)
    plain.goto(BASE + "/alerts")
    plain.get_by_label("User name").fill(ADMIN[0])
    plain.get_by_label("Password").fill(ADMIN[1])
    plain.get_by_role("button", name="Sign in").click()
    check("without JavaScript signing in returns to the queue asked for", urlparse(plain.url).path == "/alerts", plain.url)
    check("without JavaScript the queue lists its alerts, and hides the shortcut hint",
          plain.locator("#queue tbody tr[data-href]").count() >= 1 and not plain.locator("#shortcut-hint").is_visible())
    plain.get_by_label("Sort").select_option("score")
    plain.get_by_role("button", name="Filter").click()
    check("without JavaScript the filter works", "sort=score" in plain.url, plain.url)
    check("without JavaScript: no console error", not plain_errors, "; ".join(plain_errors))
    context.close()


def check_session_expiry(page, errors, check, audit_page, ADMIN):
    check("a second server with a 3-second idle timeout is running (CLEARANCE_UI_SHORT_SESSION_URL)", SHORT_SESSION_URL, "not set")
    if not SHORT_SESSION_URL:
        return
    context = page.context.browser.new_context(viewport={"width": 1280, "height": 900})
    short = context.new_page()
    short_errors = []
    short.on("console", lambda message: short_errors.append(f"{short.url}: {message.text}") if message.type == "error" else None)
    short.on("pageerror", lambda error: short_errors.append(f"{short.url}: {error}"))
    short.goto(SHORT_SESSION_URL + "/signin")
    short.get_by_label("User name").fill(ADMIN[0])
    short.get_by_label("Password").fill(ADMIN[1])
    short.get_by_role("button", name="Sign in").click()
    short.goto(SHORT_SESSION_URL + "/audit?action=user.sign_in")
    check("signed in on the short-session server", urlparse(short.url).path == "/audit", short.url)
    time.sleep(4)
    short.reload()
    parsed = urlparse(short.url)
    check("after 3 s unused a page leads to the sign-in page, saying why", parsed.path == "/signin" and "ended=idle" in parsed.query, short.url)
    check("the sign-in page says the session expired", "Your session expired" in short.inner_text("main"))
    audit_page(short, "sign-in page after the session expired", short_errors)
    short.get_by_label("User name").fill(ADMIN[0])
    short.get_by_label("Password").fill(ADMIN[1])
    short.get_by_role("button", name="Sign in").click()
    parsed = urlparse(short.url)
    check("signing in again returns to the page asked for", parsed.path == "/audit" and parsed.query == "action=user.sign_in", short.url)
    check("short-session server: no console error", not short_errors, "; ".join(short_errors))
    context.close()


def readme_shots(page, BASE):
    """The README's screenshots: home, a case with its explanation, a determination's answer (1280x800, optimised)."""
    os.makedirs(README_SHOTS, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 800})
    paths = []

    def take(name):
        path = os.path.join(README_SHOTS, f"workbench-{name}.png")
        page.screenshot(path=path)
        paths.append(path)

    page.goto(BASE + "/")
    take("home")
    page.goto(BASE + "/alerts")
    href = page.locator("#queue tbody tr[data-href]").first.get_attribute("data-href")
    page.goto(BASE + href)
    page.locator("#entity").scroll_into_view_if_needed()
    page.evaluate("window.scrollTo(0, document.getElementById('entity').getBoundingClientRect().top + window.scrollY - 16)")
    take("case")
    page.goto(BASE + "/determine")
    page.get_by_label("ECCN (3A001.b.3, EAR99 or USML)").fill("3A001.a.2")
    page.get_by_label("Destination (ISO code, HK, UA-43…)").fill("CN")
    page.get_by_label("Value (USD)").fill("400")
    page.get_by_role("button", name="Determine").click()
    answer = page.locator("text=Outcome:").first
    page.evaluate("(top) => window.scrollTo(0, top)", answer.evaluate("e => e.getBoundingClientRect().top + window.scrollY - 80"))
    take("determine")
    page.set_viewport_size({"width": 1280, "height": 900})
    from PIL import Image  # only for --readme-shots (scripts/ui-test installs Pillow then)

    for path in paths:
        with Image.open(path) as image:
            image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)
        print(f"README screenshot {path}: {os.path.getsize(path) // 1024} KiB", flush=True)


def run(page, errors, check, audit_page, shot, sign_in, BASE, ADMIN, SCREENER):
    page.context.clear_cookies()
    sign_in(page, *ADMIN)
    check_shortcuts(page, errors, check, audit_page, BASE)
    check_case_record(page, check)
    shot(page, "case-record")
    audit_page(page, "case page reached by keyboard", errors)
    check_without_javascript(page, check, BASE, ADMIN)
    check_session_expiry(page, errors, check, audit_page, ADMIN)
    if README_SHOTS:
        readme_shots(page, BASE)
        audit_page(page, "determine page (README shot)", errors)

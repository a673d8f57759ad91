"""Browser checks of background jobs, batch screening upload, Parties and Lists (called from scripts/ui_test.py's main
with the screener signed in): a CSV uploaded on the Screen page runs as a job whose page follows its progress and
offers the results as CSV and JSON Lines; a screener is refused the list upload (403 page); the admin imports parties
from a CSV as a job, finds a party and its page, uploads a new version of the bundled BIS Denied Persons List and sees
its diff and the new alert it raised. axe-core and console checks on each page; screenshots."""

import re

DPL = "Data/lists/us/dpl/dpl.txt"
ZEBULON = "\t".join(f'"{v}"' for v in ["ZEBULON QUIXOTE TRADING", "1 HARBOUR ROAD", "PORT LOUIS", "", "MU", "", "03/01/2026",
                                        "03/01/2036", "Y", "2026-03-02", "F.R. NOTICE ADDED", "91 F.R. 1234 3/2/2026"])


def changed_dpl():
    """The bundled DPL less AARON ABRAHAM VILLA, plus ZEBULON QUIXOTE TRADING."""
    with open(DPL, encoding="utf-8") as file:
        lines = file.read().split("\n")
    kept = [line for line in lines if not line.startswith('"AARON ABRAHAM VILLA"')]
    kept.insert(1, ZEBULON)
    return "\n".join(kept).encode("utf-8")


def wait_for_job(page, check, label):
    """Waits on a job page until the job has finished (the page's script reloads it); returns the page's text."""
    try:
        page.wait_for_selector("#downloads, .notice.error", timeout=60000)
    except Exception as error:  # noqa: BLE001 - reported as a failed check
        check(f"{label}: the job finishes and its page shows it", False, str(error)[:200])
    return page.inner_text("main")


def download(page, name):
    with page.expect_download() as info:
        page.get_by_role("link", name=name).click()
    with open(info.value.path(), encoding="utf-8") as file:
        return file.read()


def run(page, errors, check, audit_page, shot, sign_in, BASE, ADMIN, SCREENER):
    # The screener uploads a CSV on the Screen page; it runs as a job; the results download as CSV and JSON Lines.
    page.goto(BASE + "/screen")
    audit_page(page, "screen page with the upload form", errors)
    page.get_by_label("CSV file").set_input_files(files=[{
        "name": "batch.csv", "mimeType": "text/csv",
        "buffer": b"id,name,type,country,dob\nb1,Banco Nacional de Cuba,organization,CU,\nb2,Harbourside Bakery Ltd,organization,GB,\n"}])
    page.get_by_role("button", name="Upload the CSV file").click()
    check("a screening upload leads to its job page", re.search(r"/jobs/job_[0-9a-f]+$", page.url) is not None, page.url)
    text = wait_for_job(page, check, "batch screening")
    check("the batch screening job is done with both rows", "Done: 2 of 2 rows" in text, text[:300])
    shot(page, "job")
    audit_page(page, "job page", errors)
    job_url = page.url
    csv = download(page, "results.csv")
    check("the CSV results name the listed entity for row b1", csv.startswith("query_id,") and "\nb1,1," in csv, csv[:200])
    jsonl = download(page, "results.jsonl")
    check("the JSON Lines results have one line per row", len(jsonl.strip().split("\n")) == 2, jsonl[:200])
    page.reload()
    check("the job is found again after a reload", page.url == job_url and "Done: 2 of 2 rows" in page.inner_text("main"))
    page.goto(BASE + "/jobs")
    check("the job is listed under your jobs", page.locator(f"a[href='{job_url[len(BASE):]}']").count() == 1)
    audit_page(page, "jobs page", errors)

    # A screener is refused the list upload with a 403 page.
    page.goto(BASE + "/lists")
    audit_page(page, "lists page (screener)", errors)
    check("the screener sees no upload form", page.locator("form[action='/lists/upload']").count() == 0)
    token = page.locator("input[name=csrf]").first.get_attribute("value")
    reply = page.request.post(BASE + "/lists/upload", multipart={
        "csrf": token, "source": "us-dpl", "file": {"name": "dpl.txt", "mimeType": "text/plain", "buffer": changed_dpl()}})
    check("a screener's list upload is refused with a 403 page", reply.status == 403 and "needs the admin role" in reply.text(),
          str(reply.status))

    # The admin imports parties from a CSV as a job, and finds one.
    page.context.clear_cookies()
    sign_in(page, *ADMIN)
    page.goto(BASE + "/parties")
    audit_page(page, "parties page", errors)
    page.get_by_label("CSV file").set_input_files(files=[{
        "name": "parties.csv", "mimeType": "text/csv",
        "buffer": b"id,name,type,country,dob\nz-1,Zebulon Quixote Trading,organization,MU,\nz-2,Harbourside Bakery Ltd,organization,GB,\n"}])
    page.get_by_role("button", name="Import the parties").click()
    text = wait_for_job(page, check, "party import")
    check("the party import job is done", "2 parties received: 2 new" in text, text[:300])
    audit_page(page, "party import job page", errors)
    page.goto(BASE + "/parties")
    page.get_by_label("Name starts with").fill("zebulon")
    page.get_by_role("button", name="Search").click()
    check("searching by name prefix finds the imported party", page.locator("a[href='/party?id=z-1']").count() == 1)
    shot(page, "parties")
    page.locator("a[href='/party?id=z-1']").click()
    check("the party page shows the party", "Zebulon Quixote Trading" in page.inner_text("main"))
    audit_page(page, "party page", errors)

    # The admin uploads a new DPL version, sees its diff and the alert it raised on the party.
    page.goto(BASE + "/lists")
    shot(page, "lists")
    page.get_by_label("List source").select_option("us-dpl")
    page.get_by_label("List file").set_input_files(files=[{"name": "dpl.txt", "mimeType": "text/plain", "buffer": changed_dpl()}])
    page.get_by_role("button", name="Upload the version").click()
    check("the upload leads to the new version's page", "/lists/versions/" in page.url, page.url)
    version_url = page.url
    page.get_by_role("link", name="follow the re-screening job").click()
    text = wait_for_job(page, check, "re-screening")
    check("the re-screening job opened the new alert", "1 alerts opened" in text, text[:300])
    audit_page(page, "re-screening job page", errors)
    page.goto(version_url)
    main = page.inner_text("main")
    check("the version's added entities include the new one", "ZEBULON QUIXOTE TRADING" in main, main[:300])
    check("the new alert on the party is shown", page.locator("a[href='/party?id=z-1']").count() >= 1)
    shot(page, "list-version")
    audit_page(page, "list version page", errors)
    page.get_by_role("link", name="removed", exact=True).click()
    check("the removed entities include the delisted one", "AARON ABRAHAM VILLA" in page.inner_text("main"))
    audit_page(page, "list version removed page", errors)
    page.goto(BASE + "/audit?action=lists.import")
    check("the upload is audited with the admin as actor", "user:" + ADMIN[0] in page.inner_text("main"))

"""Browser checks of the Determine, Duty and transfers, licence and exclusion-decision pages (called from
scripts/ui_test.py's main; scripts/ui-test records licence D100 and files one exclusion request with the CLI).

A determination and its findings, a cited rule row; a duty assessment with its stacked bar; a ledger and its
summary; the public comments on the filed request, a reviewer (created on the users page) opens the decision form
and is told the rebuttal window is still open; a screener is refused the licence pages and the revoke with a 403
page; the admin revokes the licence with a reason and sees it in the revocation feed. axe-core and the console on
every page; screenshots.
"""

LEDGER = "id,hts,origin,value,date\na,8471.30.0100,CN,1000,2025-06-01\nb,8471.30.0100,DE,500,2025-06-01\nc,9999.99.9999,CN,100,2025-06-01\n"
REVIEWER = ("rhea", "reviewer-password-for-the-ui-test")


def run(page, errors, check, audit_page, shot, sign_in, BASE, ADMIN, SCREENER):
    # A determination: the outcome, the findings in Part 732 order, and the rule row a finding cites.
    sign_in(page, *ADMIN)
    page.get_by_role("link", name="Determine").click()
    page.get_by_label("ECCN (3A001.b.3, EAR99 or USML)").fill("3A001.a.2")
    page.get_by_label("Destination (ISO code, HK, UA-43…)").fill("CN")
    page.get_by_label("Value (USD)").fill("400")
    page.get_by_role("button", name="Determine").click()
    text = page.inner_text("main")
    check("a determination shows its outcome", "Outcome: LICENSE_REQUIRED" in text, text[:300])
    check("the findings table lists NS2 with its citation and regime",
          page.locator("table.findings").count() == 1 and "NS2" in text and "742.4" in text and "Wassenaar" in text)
    check("the licence exceptions say what they still need", "LVS" in text and "Country Group B" in text)
    shot(page, "determine")
    audit_page(page, "determine page", errors)
    page.locator("table.findings a[href^='/determine/rows']").first.click()
    text = page.inner_text("main")
    check("a finding's link opens its rule row with source and regulation date", "Regulation date" in text and "Source" in text, text[:300])
    shot(page, "rule-row")
    audit_page(page, "rule row page", errors)

    # Duty on one entry, with its layers as a stacked bar, and a ledger with its summary.
    page.get_by_role("link", name="Duty").click()
    page.get_by_label("HTS number").fill("8471.30.0100")
    page.get_by_label("Origin (ISO code)").fill("CN")
    page.get_by_label("Customs value (USD)").fill("1000")
    page.get_by_label("Date of entry (YYYY-MM-DD)").fill("2025-06-01")
    page.get_by_role("button", name="Assess the duty").click()
    text = page.inner_text("main")
    check("a duty assessment shows its total", "Total 20%: USD 200.00" in text, text[:300])
    check("the duty layers are drawn as an SVG bar with a text alternative", page.locator("svg.chart[role='img'] title").count() >= 1)
    shot(page, "duty")
    audit_page(page, "duty page", errors)
    page.get_by_label("Ledger CSV file", exact=False).set_input_files(files=[{
        "name": "q2.csv", "mimeType": "text/csv", "buffer": LEDGER.encode()}])
    page.get_by_label("What-if date (YYYY-MM-DD)").fill("2026-01-15")
    page.get_by_role("button", name="Run the ledger").click()
    check("a ledger upload runs as a job followed on its result page", "/duty/ledger/job_" in page.url, page.url)
    # The job reads the tariff tables first: seconds on a quiet machine, minutes beside a test run on 2 cores. The
    # page must refresh itself until the job is done (it is reached at ...#ledger-summary, where a plain refresh
    # would only scroll): no reload here.
    page.wait_for_selector("table caption:has-text('By layer'), #ledger-job .notice", timeout=240000)
    text = page.inner_text("main")
    check("the ledger summary counts the lines and the errors", "Ledger: 2 lines, 1 with errors" in text, text[:300])
    check("the ledger summary gives the duty at the what-if date", "at 2026-01-15 USD 100.00 (change -100.00)" in text)
    check("a ledger line that cannot be assessed is named by its line", "line 4, field hts" in text)
    check("the summary by layer is drawn as a chart", page.locator("svg#ledger-chart, svg.chart").count() >= 1)
    check("the ledger job's result is linked for download as JSON", page.locator("a[href$='/files/ledger.json']").count() == 1)
    shot(page, "ledger")
    audit_page(page, "ledger summary", errors)

    # The licences, decisions, revocation feed and artefacts pages.
    page.goto(BASE + "/licences")
    check("the licences page lists D100 with its balance", "D100" in page.inner_text("main") and "50000.00" in page.inner_text("main"))
    audit_page(page, "licences page", errors)
    for path, label in [("/authorizations", "authorisations page"), ("/revocations", "revocation feed"), ("/artifacts", "artefacts page")]:
        page.goto(BASE + path)
        audit_page(page, label, errors)

    # A reviewer account, made on the users page.
    page.goto(BASE + "/admin/users")
    page.get_by_label("User name").fill(REVIEWER[0])
    page.get_by_label("Role").select_option("reviewer")
    page.get_by_label("Password (at least 12 characters)").fill(REVIEWER[1])
    page.get_by_role("button", name="Create the user").click()
    page.get_by_role("button", name="Sign out").click()

    # The public comments on the filed request.
    page.goto(BASE + "/exclusions")
    page.locator("main a[href^='/exclusions/']").first.click()
    docket_url = page.url
    page.get_by_label("Your name").fill("R. Ortiz")
    page.get_by_label("Position").select_option("oppose")
    page.get_by_label("Comment").fill("Valve bodies like these are cast in Ohio.")
    page.get_by_role("button", name="Submit the comment").click()
    check("the public's comment is on the docket", "cast in Ohio" in page.inner_text("main"))
    audit_page(page, "docket after a public comment", errors)

    # The reviewer opens the decision form; the request's rebuttal window is still open, which the form says.
    sign_in(page, *REVIEWER)
    page.goto(docket_url)
    page.get_by_role("link", name="Decide this request (reviewer)").click()
    text = page.inner_text("main")
    check("the decision form shows the earlier decisions on the HTS-10", "Earlier decisions on" in text, text[:300])
    shot(page, "exclusion-decide")
    audit_page(page, "decision form", errors)
    page.get_by_label("Outcome", exact=True).select_option("denied")
    page.get_by_label("Reasons (published with the decision)").fill("Available from US foundries.")
    page.get_by_role("button", name="Record the decision").click()
    text = page.inner_text("main")
    check("a decision before the rebuttal window closes is refused on the form, naming the window",
          "The decision was not recorded." in text and "rebuttal window closes" in text, text[:300])
    audit_page(page, "decision refused (409)", errors, status=409)
    page.get_by_role("button", name="Sign out").click()

    # A screener is refused the licence pages and the revoke (403 pages), and the licence stays.
    sign_in(page, *SCREENER)
    response = page.goto(BASE + "/licences/D100")
    check("a screener gets a 403 page for a licence", response.status == 403 and "needs the analyst role" in page.inner_text("main"))
    audit_page(page, "licence 403 page", errors, status=403)
    page.goto(BASE + "/determine")
    token = page.locator("input[name='csrf']").first.get_attribute("value")
    reply = page.request.post(BASE + "/licences/D100/revoke", form={"csrf": token, "reason": "not mine to revoke"})
    check("a screener's revoke is refused with a 403 page", reply.status == 403 and "needs the admin role" in reply.text(), str(reply.status))
    page.get_by_role("button", name="Sign out").click()

    # The admin revokes the licence with a reason; the licence shows it.
    sign_in(page, *ADMIN)
    page.goto(BASE + "/licences/D100")
    check("the screener's refused revoke left the licence valid", "revoked" not in page.inner_text("main").split("Draws")[0])
    shot(page, "licence")
    audit_page(page, "licence page", errors)
    page.get_by_label("Reason", exact=False).fill("Consignee no longer trades with us")
    page.get_by_role("button", name="Revoke the licence").click()
    check("the admin's revoke shows the licence revoked", "Licence revoked" in page.inner_text("main"), page.inner_text("main")[:300])
    page.goto(BASE + "/audit?action=license.revoke")
    check("the revoke is audited with the admin as actor", f"user:{ADMIN[0]}" in page.inner_text("main"))
    page.get_by_role("button", name="Sign out").click()

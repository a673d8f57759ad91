"""Browser checks of a monitoring alert's case: a real location violation is produced first with the real binaries
(`clearance landmark serve` and `clearance agent --once` on loopback, the device licensed in China, the landmark
registered in Berlin, so the loopback RTT proves the device is not in China), then the queue is filtered to
monitoring violations and the case read: the device, what it was released under, the finding and each landmark's
signed RTT with the bound it gives. Runs last, so the checks before it see one open screening alert."""

import json
import os
import subprocess
import tempfile
import time

BIN = os.environ["CLEARANCE_UI_BIN"]
DATABASE = os.environ["CLEARANCE_UI_DATABASE"]


def clearance(*args, stdin=None):
    done = subprocess.run([BIN, *args, "--database", DATABASE] if args[0] in ("keys", "landmarks", "devices", "monitor") else [BIN, *args],
                          input=stdin, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise RuntimeError(f"clearance {' '.join(args)}: {done.stderr.strip()}")
    return done.stdout.strip()


def seed_violation(base, work):
    """Registers lm-berlin and gpu-ui-1 (licensed in CN under D100 to cust-1), measures it once, and waits for its alert."""
    landmark_key, device_key = os.path.join(work, "lm.key"), os.path.join(work, "gpu.key")
    landmark_public = clearance("landmark", "keygen", "--out", landmark_key).splitlines()[-1]
    device_public = clearance("agent", "keygen", "--out", device_key).splitlines()[-1]
    api_key = clearance("keys", "create", "--role", "landmark").split()[-1]
    api_key_file = os.path.join(work, "landmark.apikey")
    with open(os.open(api_key_file, os.O_WRONLY | os.O_CREAT, 0o600), "w") as handle:
        handle.write(api_key + "\n")
    clearance("landmarks", "add", "lm-berlin", "--latitude", "52.52", "--longitude", "13.405", "--country", "DE", "--public-key", landmark_public)
    clearance("devices", "add", "gpu-ui-1", "--public-key", device_public, "--eccn", "3A001.a.2", "--serial", "SN-UI-1",
              "--authorization", "D100", "--end-user", "cust-1", "--country", "CN", "--check-in-interval", "3600")
    devices = os.path.join(work, "devices.jsonl")
    with open(devices, "w") as handle:
        handle.write(json.dumps({"id": "gpu-ui-1", "public_key": device_public}) + "\n")
    log = open(os.path.join(work, "landmark.log"), "w")
    server = subprocess.Popen([BIN, "landmark", "serve", "--id", "lm-berlin", "--key-file", landmark_key, "--listen", "127.0.0.1:0",
                               "--service", base, "--api-key-file", api_key_file, "--devices", devices, "--spool", os.path.join(work, "spool")],
                              stdout=subprocess.PIPE, stderr=log, text=True)
    try:
        line = server.stdout.readline()
        address = line.split(" listening on ", 1)[-1].split()[0]
        clearance("agent", "--device", "gpu-ui-1", "--key-file", device_key, "--landmark", address, "--once")
        deadline = time.time() + 60
        while time.time() < deadline:
            fleet = json.loads(clearance("monitor", "status", "--status", "violation", "--format", "json"))
            if any(entry["device"]["id"] == "gpu-ui-1" for entry in fleet.get("devices", [])):
                return True
            time.sleep(0.5)
        return False
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def run(page, errors, check, audit_page, shot, sign_in, base, admin, screener):
    with tempfile.TemporaryDirectory() as work:
        check("a landmark and an agent on loopback produce a proven violation", seed_violation(base, work))
    page.context.clear_cookies()
    sign_in(page, *admin)
    page.goto(base + "/alerts?status=open&list=monitor.violation")
    links = page.locator("#queue a[href^='/alerts/']")
    check("the queue filtered to monitoring violations lists the device's alert", links.count() == 1, str(links.count()))
    audit_page(page, "alert queue filtered to monitor.violation", errors)
    links.first.click()
    text = page.inner_text("main")
    check("the monitoring case shows the finding, the device and what it was released under",
          "Location violation (proven)" in text and "SN-UI-1" in text and "D100" in text and "country CN" in text, text[:400])
    evidence = page.locator("table", has_text="lm-berlin")
    check("the monitoring case lists the landmark's signed RTT and the distance it allows", evidence.count() == 1 and "km" in evidence.inner_text())
    check("the monitoring case shows no screening explanation", "Listed entity" not in text and "cannot be read" not in text)
    shot(page, "monitor-case")
    audit_page(page, "monitoring case page", errors)

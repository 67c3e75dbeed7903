#!/usr/bin/env python3
"""Opens a changelog page in headless Chromium (Debian's `chromium` and `chromium-driver`, through selenium),
takes a screenshot (desktop and phone width), fails on console errors and on serious or critical axe-core
accessibility violations (the WCAG 2 A and AA rules of the axe-core that axe-selenium-python bundles), and on a page wider than a phone's viewport.
Exit 0 when all is well, 1 with the problems on stderr, 3 when selenium, axe-selenium-python or chromium is missing.

Needs: apt-get install chromium chromium-driver; pip install selenium axe-selenium-python
Usage: check-changelog-browser.py PAGE.html [SCREENSHOT.png]
"""
import os
import shutil
import sys

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from axe_selenium_python import Axe
except ImportError as error:
    print(f"check-changelog-browser.py: {error.name} is not installed (pip install selenium axe-selenium-python)", file=sys.stderr)
    sys.exit(3)


def find(*names):
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    return None


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    page = os.path.abspath(argv[1])
    shot = argv[2] if len(argv) > 2 else os.path.splitext(page)[0] + ".png"
    browser, driver_path = find("chromium", "chromium-browser", "google-chrome"), find("chromedriver", "chromium-driver")
    if not browser or not driver_path:
        print("check-changelog-browser.py: chromium or chromedriver not found (apt-get install chromium chromium-driver)", file=sys.stderr)
        return 3
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    problems = []
    try:
        driver.get("file://" + page)
        driver.save_screenshot(shot)
        for entry in driver.get_log("browser"):
            if entry.get("level") == "SEVERE":
                problems.append(f"console error: {entry.get('message')}")
        # External requests: every resource the page loaded must be the page itself.
        resources = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
        for url in resources:
            problems.append(f"the page loaded {url}")
        driver.set_script_timeout(180)
        axe = Axe(driver)
        axe.inject()
        # axe.run returns a promise; WebDriver's synchronous execute awaits it (axe-selenium-python's async
        # wrapper hangs with current chromedriver).
        results = driver.execute_script(
            "return axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}})")
        for violation in results["violations"]:
            if violation.get("impact") in ("serious", "critical"):
                nodes = ", ".join(n["target"][0] if n.get("target") else "?" for n in violation["nodes"][:3])
                problems.append(f"axe {violation['impact']}: {violation['id']}: {violation['help']} ({nodes})")
        # A phone: 360 CSS pixels wide, nothing wider than the viewport.
        driver.set_window_size(360, 740)
        width = driver.execute_script("return document.documentElement.scrollWidth")
        inner = driver.execute_script("return window.innerWidth")
        if width > inner + 1:
            problems.append(f"on a phone the page is {width}px wide in a {inner}px viewport")
        driver.save_screenshot(os.path.splitext(shot)[0] + "-phone.png")
    finally:
        driver.quit()
    for p in problems:
        print(f"{page}: {p}", file=sys.stderr)
    if not problems:
        print(f"{page}: no console errors, no serious or critical axe violations, fits a phone; screenshot {shot}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

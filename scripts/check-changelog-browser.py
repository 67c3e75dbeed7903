#!/usr/bin/env python3
"""Opens a page for residents (the changelog, or `chronik diff --format html`) in headless Chromium (Debian's
`chromium` and `chromium-driver`, through selenium), takes screenshots at desktop width (1280 CSS pixels: SCREENSHOT)
and phone width (390: SCREENSHOT-phone.png), fails on console errors, on loaded resources, on serious or critical
axe-core accessibility violations (the WCAG 2 A and AA rules of the axe-core that axe-selenium-python bundles), and
at 1280, 390 and 360 CSS pixels on a page wider than the viewport (`document.documentElement.scrollWidth`) or any
visible element reaching beyond it (clipped content, e.g. a table's last column cut off, counts too).
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


# Visible elements whose box reaches beyond the viewport's right edge (1px of rounding allowed); visually hidden
# text (1px boxes) and elements outside the page flow to the left or top (the skip link before focus) are not counted.
WIDE_ELEMENTS = """
const width = document.documentElement.clientWidth;
const wide = [];
for (const e of document.body.querySelectorAll('*')) {
  const r = e.getBoundingClientRect();
  if (r.width <= 1 || r.height <= 1) continue;
  if (r.right > width + 1) {
    const name = e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + String(e.className).split(' ')[0] : '');
    wide.push(name + ' to ' + Math.round(r.right) + 'px');
  }
}
return wide;
"""


def check_width(driver, width, height, mobile, problems):
    """Emulates a viewport `width` CSS pixels wide (a phone's with `mobile`, whose viewport meta element counts) and
    records what does not fit."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})
    driver.execute_script("window.scrollTo(0, 0)")
    inner = driver.execute_script("return window.innerWidth")
    scroll = driver.execute_script("return document.documentElement.scrollWidth")
    if inner != width:
        problems.append(f"the viewport is {inner}px wide, not the {width}px asked for")
    if scroll > width:
        problems.append(f"at {width}px the page is {scroll}px wide (document.documentElement.scrollWidth)")
    wide = driver.execute_script(WIDE_ELEMENTS)
    if wide:
        problems.append(f"at {width}px {len(wide)} elements reach beyond the viewport: {', '.join(wide[:5])}")


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
        # A desktop (the screenshot), then phones: 390 CSS pixels (the screenshot) and 360; nothing wider than the viewport.
        check_width(driver, 1280, 900, False, problems)
        driver.save_screenshot(shot)
        check_width(driver, 360, 740, True, problems)
        check_width(driver, 390, 844, True, problems)
        driver.save_screenshot(os.path.splitext(shot)[0] + "-phone.png")
    finally:
        driver.quit()
    for p in problems:
        print(f"{page}: {p}", file=sys.stderr)
    if not problems:
        print(f"{page}: no console errors, no serious or critical axe violations, fits 1280, 390 and 360 px; screenshots {shot} and {os.path.splitext(shot)[0]}-phone.png")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

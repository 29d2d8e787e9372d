"""Headless Chromium through selenium, as the site's tests and ``scripts/screenshots.py`` drive it.

Debian's ``chromium`` and ``chromium-driver`` (``.ci/run`` installs them), found on PATH: the driver's
path is given, so selenium-manager never looks for (or downloads) one, and the browser is started with the
flags this machine's closed network needs and a fresh profile, so nothing is fetched in the
background.
"""

from __future__ import annotations

import shutil
import tempfile
from typing import Any

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--hide-scrollbars")


def chromium(width: int = 1280, height: int = 900, dark: bool = False) -> Any:
    """A new headless Chromium of this window size, its console kept for ``get_log("browser")``."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    browser, driver_path = shutil.which("chromium"), shutil.which("chromedriver")
    if browser is None or driver_path is None:
        raise RuntimeError("chromium and chromedriver are needed (Debian: chromium, chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--window-size={width},{height}")
    options.add_argument(f"--user-data-dir={tempfile.mkdtemp(prefix='vla-chromium-')}")
    if dark:
        options.add_argument("--force-dark-mode")
        options.add_argument("--blink-settings=preferredColorScheme=0")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(driver_path))
    # The viewport exactly this size: a headless window is never narrower than 500 px by itself.
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})
    if dark:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                               {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    return driver

"""`docgen serve` in a real browser (issue 20): Debian's chromium driven by Selenium, headless,
against the real server (waitress) on a free port of 127.0.0.1 and a private workspace.

The clerk's scenario: open the overview, search "huong khe", open the unit, see a thumbnail,
issue a number with a date, download the unit's ZIP and look inside, upload a form with a bad
cell and read the message. Screenshots are saved in the test's folder (printed) to look at.
Skipped without chromium and chromedriver unless DOCGEN_REQUIRE_BROWSER=1 (CI sets it)."""

from __future__ import annotations

import io
import os
import shutil
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from web_helpers import UNIT

import docgen
from docgen.forms.layout import form_of
from docgen.forms.workbook import workbook_bytes
from docgen.workspace import Workspace

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
DRIVER = shutil.which("chromedriver")
REQUIRED = os.environ.get("DOCGEN_REQUIRE_BROWSER") == "1"

pytestmark = pytest.mark.skipif(
    not (CHROMIUM and DRIVER) and not REQUIRED,
    reason="chromium và chromium-driver chưa được cài (apt-get install chromium chromium-driver)",
)


def test_the_browser_is_installed_where_the_browser_test_is_required() -> None:
    if REQUIRED:
        assert CHROMIUM and DRIVER, "apt-get install chromium chromium-driver"


@pytest.fixture
def server(built: Path) -> Iterator[str]:
    import waitress  # type: ignore[import-untyped, unused-ignore]

    from docgen.web.app import create_app

    app = create_app(Workspace.open(built))
    live = waitress.create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=live.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{live.effective_port}"
    live.close()
    thread.join(timeout=10)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    downloads = tmp_path / "tai-ve"
    downloads.mkdir()
    options = webdriver.ChromeOptions()
    assert CHROMIUM is not None and DRIVER is not None
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000", "--lang=vi"):
        options.add_argument(flag)
    options.add_experimental_option(
        "prefs",
        {"download.default_directory": str(downloads), "download.prompt_for_download": False},
    )
    driver = webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)
    driver.downloads = downloads
    try:
        yield driver
    finally:
        driver.quit()


def _bad_form(root: Path, folder: Path) -> Path:
    data = docgen.load(root)
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(form_of(data, data.units[UNIT]))))
    sheet = book["Báo cáo 2023"]
    money = "thu-ngan-sach-nha-nuoc-tren-dia-ban"
    row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == money)
    sheet.cell(row, 5).value = "nhiều lắm"
    path = folder / f"{UNIT}.xlsx"
    book.save(path)
    return path


def _until(check: Any, seconds: float = 120) -> Any:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        found = check()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError("không chờ được")


def test_a_clerk_searches_opens_issues_downloads_and_uploads(
    server: str, browser: Any, built: Path, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    shots = tmp_path / "anh-chup"
    shots.mkdir()
    print(f"Ảnh chụp màn hình: {shots}")

    def shot(name: str) -> None:
        browser.save_screenshot(str(shots / f"{name}.png"))

    browser.get(server + "/")
    assert "Tổng quan: 253 / 253 đơn vị" in browser.find_element(By.TAG_NAME, "h1").text
    box = browser.find_element(By.NAME, "q")
    box.send_keys("huong khe")
    box.submit()
    _until(lambda: "q=huong+khe" in browser.current_url)
    shot("1-tim-huong-khe")
    names = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "table.overview td:first-child a")]
    assert "Ủy ban nhân dân huyện Hương Khê" in names and all("Hương Khê" in n for n in names)

    browser.find_element(By.LINK_TEXT, "Ủy ban nhân dân huyện Hương Khê").click()
    _until(lambda: browser.current_url.endswith(f"/don-vi/{UNIT}"))
    first = browser.find_element(By.CSS_SELECTOR, "img.thumb")
    _until(lambda: browser.execute_script("return arguments[0].complete && arguments[0].naturalWidth", first))
    assert browser.execute_script("return arguments[0].naturalWidth", first) > 100
    shot("2-don-vi")

    plan = browser.find_element(By.XPATH, f"//input[@name='doc'][@value='{UNIT}/ke-hoach']/..")
    browser.execute_script("arguments[0].value = '2023-07-15'", plan.find_element(By.NAME, "date"))
    plan.find_element(By.NAME, "mau").click()
    plan.find_element(By.TAG_NAME, "button").click()
    flash = _until(lambda: browser.find_elements(By.CSS_SELECTOR, "p.flash"))[0].text
    assert flash == f"Đã cấp số 01/KH-UBND ngày 15/7/2023 cho {UNIT}/ke-hoach."
    assert "đã ban hành số 01/KH-UBND, ngày 15/7/2023" in browser.page_source
    shot("3-cap-so")

    browser.find_element(By.XPATH, "//button[text()='Tạo lại văn bản của đơn vị']").click()
    _until(lambda: browser.find_elements(By.LINK_TEXT, "Về trang đơn vị"))
    assert "8 / 8 văn bản" in browser.page_source
    shot("4-tao-lai")
    browser.find_element(By.LINK_TEXT, "Về trang đơn vị").click()

    browser.find_element(By.LINK_TEXT, "Tải gói ZIP của đơn vị").click()
    target = browser.downloads / f"{UNIT}.zip"
    _until(lambda: target.is_file() and not list(browser.downloads.glob("*.crdownload")), 30)
    with zipfile.ZipFile(target) as archive:
        names = set(archive.namelist())
    on_disk = {p.name for p in (built / "out" / UNIT).glob("*.docx")}
    assert on_disk <= names and "manifest.json" in names

    browser.find_element(By.LINK_TEXT, "Gửi biểu mẫu").click()
    browser.find_element(By.NAME, "tep").send_keys(str(_bad_form(built, tmp_path)))
    browser.find_element(By.CSS_SELECTOR, "form button").click()
    heading = _until(lambda: browser.find_elements(By.CSS_SELECTOR, "h2.error"))[0].text
    assert heading == f"Chưa nhập «{UNIT}.xlsx»: dữ liệu không thay đổi"
    cells = [td.text for td in browser.find_elements(By.CSS_SELECTOR, "tbody tr td")]
    assert cells[:3] == ["Báo cáo 2023", "E4", "«nhiều lắm» không phải là số"]
    shot("5-bieu-mau-loi")

"""Word documents, CSV and Excel files read the way a technician would read them.

Every file is made here by the same libraries Word-compatible tools use, so the tests exercise
real packages: headings keep their level, table rows keep their column names, each sheet is its
own page, and bad files are refused with advice instead of a traceback.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from ingest.docx import load_docx
from ingest.sheets import load_csv, load_xlsx
from kernel.errors import DamagedDocumentError, EmptyDocumentError, EncryptedDocumentError

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def _lines(text: str) -> list[str]:
    return text.split("\n")


# ---------------------------------------------------------------------------------------- DOCX


def _service_notes(path: Path) -> Path:
    document = docx.Document()
    document.add_heading("P-101 pump service notes", level=0)
    document.add_heading("Bearings", level=1)
    document.add_paragraph("Replace bearing 6205-2RS every 8000 operating hours.")
    document.add_paragraph("Lock out the motor before opening the housing.", style="List Number")
    table = document.add_table(rows=3, cols=3)
    for row, values in zip(table.rows, [("Code", "Meaning", "Action"),
                                        ("E-047", "motor overtemperature", "Check the fan"),
                                        ("E-052", "", "Call service")], strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.add_heading("Alignment", level=2)
    document.add_paragraph("Align the coupling within 0.05 mm.")
    document.save(path)
    return path


def test_docx_is_one_logical_page_without_a_page_number(tmp_path):
    parsed = load_docx(_service_notes(tmp_path / "notes.docx"))
    assert len(parsed.pages) == 1
    page = parsed.pages[0]
    assert (page.index, page.number, page.label) == (0, None, None)


def test_docx_headings_become_markdown_lines_in_document_order(tmp_path):
    lines = _lines(load_docx(_service_notes(tmp_path / "notes.docx")).pages[0].text)
    assert lines == [
        "# P-101 pump service notes",
        "# Bearings",
        "Replace bearing 6205-2RS every 8000 operating hours.",
        "Lock out the motor before opening the housing.",
        "Code: E-047; Meaning: motor overtemperature; Action: Check the fan",
        "Code: E-052; Action: Call service",
        "## Alignment",
        "Align the coupling within 0.05 mm.",
    ]


def test_docx_localized_and_derived_heading_styles_are_headings(tmp_path):
    document = docx.Document()
    chinese = document.styles.add_style("标题 1", WD_STYLE_TYPE.PARAGRAPH)
    chinese.base_style = document.styles["Normal"]
    derived = document.styles.add_style("Procedure step", WD_STYLE_TYPE.PARAGRAPH)
    derived.base_style = document.styles["Heading 2"]
    document.add_paragraph("水泵维护", style=chinese)
    document.add_paragraph("Coupling", style=derived)
    outlined = document.add_paragraph("Shaft seal")
    outlined._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="2"/>'))
    document.add_paragraph("Body text.")
    document.save(tmp_path / "styles.docx")
    lines = _lines(load_docx(tmp_path / "styles.docx").pages[0].text)
    assert lines == ["# 水泵维护", "## Coupling", "### Shaft seal", "Body text."]


def test_docx_merged_cells_appear_once_per_row_and_vertical_merges_repeat(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    for cell, value in zip(table.rows[0].cells, ("Code", "Meaning", "Action"), strict=True):
        cell.text = value
    table.cell(1, 0).text = "E-047"
    table.cell(2, 0).text = "E-048"
    table.cell(1, 1).merge(table.cell(1, 2)).text = "see manual section 4"  # spans 2 columns
    table.cell(2, 1).text = "fan blocked"
    table.cell(2, 2).text = "clean the fan"
    document.save(tmp_path / "merged.docx")
    lines = _lines(load_docx(tmp_path / "merged.docx").pages[0].text)
    assert lines == ["Code: E-047; Meaning: see manual section 4",
                     "Code: E-048; Meaning: fan blocked; Action: clean the fan"]

    document = docx.Document()
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Pump", "Check"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "P-101"
    table.cell(1, 1).text, table.cell(2, 1).text = "bearing noise", "seal leak"
    document.save(tmp_path / "vertical.docx")
    lines = _lines(load_docx(tmp_path / "vertical.docx").pages[0].text)
    assert lines == ["Pump: P-101; Check: bearing noise", "Pump: P-101; Check: seal leak"]


def test_docx_text_of_tracked_insertions_is_kept(tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph("Torque the bolts to ")
    paragraph._p.append(parse_xml(
        f'<w:ins {nsdecls("w")} w:id="1" w:author="QA"><w:r><w:t>45 Nm</w:t></w:r></w:ins>'))
    document.save(tmp_path / "revised.docx")
    assert load_docx(tmp_path / "revised.docx").pages[0].text == "Torque the bolts to 45 Nm"


def test_docx_without_text_is_refused_with_advice(tmp_path):
    docx.Document().save(tmp_path / "blank.docx")
    with pytest.raises(EmptyDocumentError, match="PDF"):
        load_docx(tmp_path / "blank.docx")


def test_docx_that_is_not_a_word_package_is_damaged(tmp_path):
    truncated = tmp_path / "truncated.docx"
    truncated.write_bytes(_service_notes(tmp_path / "whole.docx").read_bytes()[:2000])
    spreadsheet = tmp_path / "sheet.docx"
    _workbook({"Faults": [["Code"], ["E-047"]]}, tmp_path / "real.xlsx").rename(spreadsheet)
    zipped_text = tmp_path / "zipped.docx"
    with zipfile.ZipFile(zipped_text, "w") as archive:
        archive.writestr("readme.txt", "not a document")
    for path in (truncated, spreadsheet, zipped_text):
        with pytest.raises(DamagedDocumentError, match=r"save it again as 'Word Document") as info:
            load_docx(path)
        assert path.name in str(info.value)


def test_password_protected_docx_asks_to_remove_the_password(tmp_path):
    locked = tmp_path / "locked.docx"
    locked.write_bytes(OLE_HEADER)
    with pytest.raises(EncryptedDocumentError, match="remove the password"):
        load_docx(locked)


# ----------------------------------------------------------------------------------------- CSV


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


FAULTS_ZH = "故障代码,含义,处理\nE-047,电机过温,检查风扇\nE-052,,联系售后\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_rows_carry_chinese_header_names_in_any_encoding(tmp_path, encoding):
    parsed = load_csv(_write(tmp_path / "faults.csv", FAULTS_ZH, encoding))
    assert parsed.warnings == []
    assert len(parsed.pages) == 1
    page = parsed.pages[0]
    assert (page.index, page.number, page.label) == (0, None, None)
    assert _lines(page.text) == ["故障代码: E-047; 含义: 电机过温; 处理: 检查风扇",
                                 "故障代码: E-052; 处理: 联系售后"]


def test_csv_semicolon_and_tab_delimiters_are_recognised(tmp_path):
    semicolon = "Code;Meaning;Limit\nE-047;motor overtemperature, stop;0,5 mm\n"
    tab = "Code\tMeaning\tLimit\nE-047\tmotor overtemperature, stop\t0.5 mm\n"
    for name, text in (("semi.csv", semicolon), ("tab.csv", tab)):
        line = load_csv(_write(tmp_path / name, text)).pages[0].text
        assert line.startswith("Code: E-047; Meaning: motor overtemperature, stop; Limit: 0")


def test_csv_extra_cells_are_named_by_column_and_cells_stay_on_one_line(tmp_path):
    text = 'Code,Meaning\nE-047,"motor\novertemperature",check fan\n'
    lines = _lines(load_csv(_write(tmp_path / "ragged.csv", text)).pages[0].text)
    assert lines == ["Code: E-047; Meaning: motor overtemperature; column 3: check fan"]


def test_csv_with_only_a_header_is_empty(tmp_path):
    with pytest.raises(EmptyDocumentError, match="no data rows"):
        load_csv(_write(tmp_path / "header.csv", "故障代码,含义\n\n"))


def test_grbl_error_code_9_is_one_line_with_its_header_names():
    corpus_file = CORPUS / "grbl_error_codes_en_US.csv"
    if not corpus_file.is_file():
        pytest.skip(f"shared corpus not found at {CORPUS}: clone ../shared beside the repo")
    lines = _lines(load_csv(corpus_file).pages[0].text)
    rows = [line for line in lines if line.startswith("Error Code in v1.1+: 9;")]
    assert rows == ["Error Code in v1.1+: 9; Error Message in v1.0-: G-code lock; "
                    "Error Description: G-code commands are locked out during alarm or jog state."]


# ---------------------------------------------------------------------------------------- XLSX


def _workbook(sheets: dict[str, list[list[object]]], path: Path) -> Path:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def _fault_log(path: Path) -> Path:
    return _workbook({
        "故障记录": [
            [],
            ["时间", "故障代码", "电流 A", "备注"],
            [dt.datetime(2024, 3, 5, 14, 30), "E-047", 12.5, "风扇停转"],
            [dt.datetime(2024, 3, 6, 0, 0), "E-052", 3.0, None],
        ],
        "Empty": [],
        "Codes": [
            ["Code", "Meaning", "Since", "Factor"],
            ["E-047", "motor overtemperature", dt.date(2019, 7, 1), 0.1 + 0.2],
        ],
    }, path)


def test_xlsx_each_non_empty_sheet_is_a_page_labelled_with_its_name(tmp_path):
    parsed = load_xlsx(_fault_log(tmp_path / "log.xlsx"))
    assert [(p.index, p.number, p.label) for p in parsed.pages] == [
        (0, None, "故障记录"), (1, None, "Codes")]


def test_xlsx_rows_carry_headers_and_values_read_like_excel(tmp_path):
    faults, codes = load_xlsx(_fault_log(tmp_path / "log.xlsx")).pages
    assert _lines(faults.text) == [
        "时间: 2024-03-05 14:30; 故障代码: E-047; 电流 A: 12.5; 备注: 风扇停转",
        "时间: 2024-03-06; 故障代码: E-052; 电流 A: 3",
    ]
    assert codes.text == ("Code: E-047; Meaning: motor overtemperature; Since: 2019-07-01; "
                          "Factor: 0.3")


def test_xlsx_formulas_give_their_results_not_the_formula(tmp_path):
    path = _workbook({"Sheet": [["Code", "Hours"], ["E-047", 8000]]}, tmp_path / "f.xlsx")
    # openpyxl cannot calculate, so store a cached result the way Excel does on save.
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = parts[sheet].replace(b'<c r="B2" t="n"><v>8000</v></c>',
                                        b'<c r="B2"><f>4000*2</f><v>8000</v></c>')
    assert b"<f>" in parts[sheet]
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    assert load_xlsx(path).pages[0].text == "Code: E-047; Hours: 8000"


def test_xlsx_heading_only_sheet_is_skipped_with_a_warning(tmp_path):
    path = _workbook({"Log": [["Code"], ["E-047"]], "Template": [["Code", "Meaning"]]},
                     tmp_path / "t.xlsx")
    parsed = load_xlsx(path)
    assert [p.label for p in parsed.pages] == ["Log"]
    assert any("Template" in warning for warning in parsed.warnings)


def test_xlsx_without_data_is_empty(tmp_path):
    path = _workbook({"A": [], "B": [["Code", "Meaning"]]}, tmp_path / "blank.xlsx")
    with pytest.raises(EmptyDocumentError, match="no sheet"):
        load_xlsx(path)


def test_damaged_or_locked_xlsx_is_refused_with_advice(tmp_path):
    truncated = tmp_path / "cut.xlsx"
    truncated.write_bytes(_fault_log(tmp_path / "whole.xlsx").read_bytes()[:1500])
    with pytest.raises(DamagedDocumentError, match=r"save it as 'Excel Workbook"):
        load_xlsx(truncated)
    locked = tmp_path / "locked.xlsx"
    locked.write_bytes(OLE_HEADER)
    with pytest.raises(EncryptedDocumentError, match="remove the password"):
        load_xlsx(locked)

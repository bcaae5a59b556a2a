"""The library refuses what it lacks, and says what: a product it holds no page of, a value no
page states, a topic it does not cover; and answers what its pages hold, however it is asked."""

from __future__ import annotations

import pytest

from laoshifu.answer import REFUSAL
from laoshifu.answer.gate import model_codes
from tests.documents import PUMP_MANUAL, write_pdf

# A second manual of the same plant: a debug probe whose pin table names a chip family.
PROBE_MANUAL = [
    "WL-2 debug probe. JTAG pins for the STM32F10xxx family: TMS on PA13, TCK on PA14, TDI on "
    "PA15 and TDO on PB3. The probe is powered from the USB port. Its cooling fan header "
    "supplies 200 mA.",
]


@pytest.fixture
def plant_library(library, tmp_path):
    pump = write_pdf(tmp_path / "P-101 pump manual.pdf", PUMP_MANUAL)
    probe = write_pdf(tmp_path / "WL-2 probe manual.pdf", PROBE_MANUAL)
    list(library.ingest([pump, probe]))
    return library


def test_model_codes_are_products_not_paths_versions_or_table_codes():
    assert model_codes("What torque for the CP100 bolts on a CP-80?") == ["cp100", "cp-80"]
    assert model_codes("BTT Manta M8P 上的 CB1 核心板怎么刷系统镜像？") == ["m8p", "cb1"]
    assert model_codes("EBB42 CAN V1.2, error:15, ALARM:3, M109, /dev/ttyUSB0, ttyUSB1") == [
        "ebb42"]


def test_a_sibling_product_is_refused_naming_it_and_what_the_library_holds(plant_library):
    stream = plant_library.ask("What torque for the bearing housing bolts of the CP100 pump?")
    assert stream.refused
    text = stream.composed.text
    assert "CP100" in text and "P-101 pump manual.pdf" in text, text
    assert stream.sources, "the closest pages are still offered"


def test_a_sibling_product_asked_in_chinese_is_refused_in_chinese(plant_library):
    text = plant_library.ask("CP100 泵的轴承座螺栓扭矩是多少？").composed.text
    assert "CP100" in text and "资料库" in text, text


def test_the_held_product_written_another_way_is_answered(plant_library):
    # The manual writes "CP-80" and "STM32F10xxx"; technicians write "CP80" and "STM32F103".
    answer = plant_library.ask("CP80 bearing housing bolts torque?", with_model=False).result()
    assert answer.grounded and "24 Nm" in answer.text, answer.text
    answer = plant_library.ask("Which STM32F103 pin is TDI?", with_model=False).result()
    assert answer.grounded and "PA15" in answer.text, answer.text


def test_a_value_no_page_states_is_refused_naming_the_quantity(plant_library):
    # The pump manual covers the motor and its fan, never a fuse rating.
    stream = plant_library.ask("What is the rated current of the P-101 motor fuse?")
    assert stream.refused
    assert "current" in stream.composed.text, stream.composed.text


def test_a_value_the_page_states_is_answered_with_it(plant_library):
    answer = plant_library.ask("What torque for the P-101 bearing housing bolts?",
                               with_model=False).result()
    assert answer.grounded and "24 Nm" in answer.text, answer.text
    answer = plant_library.ask("P-101 轴承座螺栓的拧紧扭矩是多少？", with_model=False).result()
    assert answer.grounded and "24 Nm" in answer.text, answer.text


def test_an_off_topic_question_is_refused(plant_library):
    answer = plant_library.ask("What's a good recipe for sourdough bread?").result()
    assert (answer.grounded, answer.text) == (False, REFUSAL["en"])


def test_a_value_stated_only_in_another_products_manual_does_not_answer(plant_library):
    # The probe's manual states a fan current; the pump's never does.
    stream = plant_library.ask("What current does the P-101 pump's cooling fan draw?",
                               with_model=False)
    assert stream.refused and "current" in stream.composed.text, stream.composed.text
    answer = plant_library.ask("What current does the WL-2 probe's cooling fan header supply?",
                               with_model=False).result()
    assert answer.grounded and "200 mA" in answer.text, answer.text


def test_words_the_manual_writes_in_another_form_are_not_off_topic(plant_library):
    # The manual writes "replacement" and "24 Nm", never "replace" or "torque".
    answer = plant_library.ask("How do I replace the bearing and what torque applies?",
                               with_model=False).result()
    assert answer.grounded and "24 Nm" in answer.text, answer.text

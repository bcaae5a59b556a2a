"""A Chinese question finds an English page and the reverse, and contents pages do not crowd
out the pages they point to."""

from __future__ import annotations

from index.page_kind import is_navigation
from index.query_translation import translate_query
from tests.documents import PUMP_MANUAL, PUMP_MANUAL_ZH, write_pdf


def test_chinese_words_become_english_keywords():
    bridged = translate_query("WCH-Link 空闲的时候蓝灯一直亮着，是什么模式？").split()
    assert {"idle", "blue", "led", "mode"} <= set(bridged)
    assert "wch-link" in bridged  # a model name reads the same in both languages


def test_english_words_become_chinese_keywords_with_values_kept():
    bridged = translate_query("The fan header only gives 5V. How do I get 24V?").split()
    assert {"风扇", "5v", "24v"} <= set(bridged)


def test_a_word_jieba_splits_is_read_whole_from_the_dictionary():
    # jieba cuts 八爪鱼 (the Octopus board's Chinese name) and 树莓派 (Raspberry Pi) in two:
    # read piece by piece they were "bramble" and no product at all.
    bridged = translate_query("八爪鱼主板接到树莓派后通讯不稳定").split()
    assert {"octopus", "raspberry", "pi", "unstable"} <= set(bridged)
    assert "bramble" not in bridged


def test_an_english_word_the_glossary_lacks_is_read_from_the_dictionary():
    # An English question about a Chinese manual: "webcam" and "resolution" are not shop-floor
    # glossary words, and the page says 摄像头 and 分辨率.
    bridged = translate_query("sb2209 webcam stutters - resolution limit?").split()
    assert {"摄像头", "分辨率"} <= set(bridged)
    assert "可以" not in translate_query("can bus wiring").split()  # CAN, not "may"


def test_a_compound_the_dictionary_lacks_is_read_by_its_known_words():
    # jieba keeps 发邮件 (send an e-mail) and 五金件 (hardware parts) whole, and CC-CEDICT has
    # neither: the question lost its e-mail and its hardware.
    assert "email" in translate_query("UPS 切到电池时怎么让它发邮件通知我？").split()
    assert "hardware" in translate_query("五金件清单里的弹簧要几根").split()


def test_a_chinese_question_with_a_compound_finds_the_english_page(library, tmp_path):
    manual = write_pdf(tmp_path / "UPS monitor guide.pdf", [
        "UPS monitor guide. Install the monitor on the server the UPS feeds.",
        "E-mail alerts. To get an e-mail when the UPS switches to battery, set your address "
        "in the mail script the monitor runs.",
        "Front panel. When the UPS switches to battery it beeps and its display informs the "
        "operator; the notice stays until mains power returns.",
    ])
    list(library.ingest([manual]))
    hits = library.search("UPS 切到电池时怎么让它发邮件通知我？", k=3)
    assert (hits[0].file, hits[0].page) == (manual.name, 2)


def test_trade_words_the_dictionary_lacks_are_read_from_the_trade_glossary():
    # CC-CEDICT has no 冷压端子 (crimp terminal), 上锡 (tinning) nor 惰轮 (idler): a technician's
    # question on an English wiring or assembly manual shared none of its words.
    bridged = translate_query("多股线压冷压端子之前，要不要先把线头上锡？").split()
    assert {"stranded", "crimp", "terminal", "tinning"} <= set(bridged)
    assert "idler" in translate_query("下惰轮板的螺丝应该怎么拧").split()
    assert "顺桨" in translate_query("when is the propeller feathering used").split()
    # jieba cuts "步进驱动" and "插哪个跳帽" into words CC-CEDICT renders with nothing.
    assert "stepper" in translate_query("丝杆雕刻机 步进驱动 细分开到32有没有用").split()
    assert "jumper" in translate_query("只插usb线电脑认不到板子，要插哪个跳帽").split()
    assert "analyzer" in translate_query("用逻辑分析仪抓 CAN 总线波形").split()
    assert "connect" in translate_query("Klipper 连不上，怎么固定串口名？").split()
    assert "minimum" in translate_query("跑 LinuxCNC 的电脑最低要什么配置").split()


def test_nothing_known_gives_no_translation():
    assert translate_query("xyzzy plugh") == ""


def test_chinese_question_finds_the_english_page(library, pump_manual):
    list(library.ingest([pump_manual]))
    hits = library.search("泵更换轴承以后振动大，应该先检查什么？", k=3)
    assert (hits[0].file, hits[0].page) == (pump_manual.name, 3)


def test_english_question_finds_the_chinese_page(library, pump_manual, tmp_path):
    chinese = write_pdf(tmp_path / "离心泵手册.pdf", PUMP_MANUAL_ZH, cjk=True)
    distractor = write_pdf(tmp_path / "fan.pdf", [
        "Cooling fan service. Clean the fan blades every month and check the fan current.",
    ])
    list(library.ingest([chinese, distractor]))
    hits = library.search("How much shaft misalignment causes vibration? Check with a dial "
                          "indicator?", k=2)
    assert (hits[0].file, hits[0].page) == (chinese.name, 2)


def test_contents_and_title_pages_are_navigation():
    contents = "Contents\nBearing replacement ........................ 3\nAlarm codes ....... 4"
    assert is_navigation(contents, page_index=1)
    assert is_navigation("P-101 Pump Manual\nModel CP-80", page_index=0)
    assert not is_navigation(PUMP_MANUAL[1], page_index=1)
    assert not is_navigation(PUMP_MANUAL[0], page_index=0)  # a first page with real content


def test_a_back_of_book_index_is_navigation_and_a_line_of_values_is_not():
    """LinuxCNC's index page ("kinematics, 46") led the answer to "what is f10"."""
    index = ("Chapter 8\nIndex\nA\nacme screw, 43\naxis, 43\nB\nbacklash, 43\n"
             "ball screw, 44\nF\nfeed rate, 45\nGUI, 43, 45\nK\nkinematics, 46\n"
             "LinuxCNC:Installation Problems, 10 loop, 47\n")
    assert is_navigation(index, page_index=59)
    assert not is_navigation("Input voltage, 24\nThe fan runs at 12 V.", page_index=3)


def test_contents_page_ranks_below_the_page_it_points_to(library, tmp_path):
    manual = write_pdf(tmp_path / "pump.pdf", [
        "P-101 Centrifugal Pump Manual",
        "Contents\nBearing replacement and vibration checks ........ 3\n"
        "Alarm codes E-047 and E-052 ........ 4",
        PUMP_MANUAL[2],
        PUMP_MANUAL[3],
    ])
    list(library.ingest([manual]))
    assert library.search("vibration checks after bearing replacement", k=1)[0].page == 3


def test_a_contents_page_ranks_below_every_content_page_found(library, tmp_path):
    """The contents page names the feed rate; the page on the spindle says nothing of it and
    still comes first: a contents page is never a source while a page with text is found."""
    manual = write_pdf(tmp_path / "mill.pdf", [
        "MX mill manual",
        "Contents\nFeed rate and F words ........ 3\nSpindle speed and S words ........ 4",
        "Feed rate. F10 would mean ten machine units per minute; the F word sets it.",
        "Spindle speed. S1000 turns the spindle at 1000 rpm; M3 starts it.",
    ])
    list(library.ingest([manual]))
    pages = [hit.page for hit in library.search("what does the F word of the feed rate mean", k=3)]
    assert sorted(pages[:2]) == [3, 4], pages


def test_result_points_at_the_sentence_that_answers(library, pump_manual):
    list(library.ingest([pump_manual]))
    hit = library.search("how much misalignment causes vibration", k=1)[0]
    page_text = library.catalog.page_text(hit.doc_id, hit.page - 1)
    sentence = page_text[hit.span_start:hit.span_end]
    assert "misalignment above 0.05 mm causes vibration" in sentence
    assert hit.start <= hit.span_start < hit.span_end <= hit.end
    assert "coupling insert" not in sentence  # the next sentence is not lit up


def test_chinese_result_points_at_the_chinese_sentence(library, tmp_path):
    chinese = write_pdf(tmp_path / "离心泵手册.pdf", PUMP_MANUAL_ZH, cjk=True)
    list(library.ingest([chinese]))
    hit = library.search("联轴器弹性块磨损", k=1)[0]
    sentence = library.catalog.page_text(hit.doc_id, hit.page - 1)[hit.span_start:hit.span_end]
    assert "弹性块" in sentence and "百分表" not in sentence


def test_a_translation_the_library_never_uses_is_not_searched(library, tmp_path):
    """"nut" is also 螺母 (the hardware) in the glossary; in a library whose NUT is the UPS
    software and that holds no 螺母, that sense is dropped, while the senses its pages use
    are kept, and the page that answers still comes first."""
    ups = write_pdf(tmp_path / "ups_faq.pdf", [
        "Driver not connected. When upsc says 'Driver not connected', the NUT driver for "
        "this UPS is not running: start it with upsdrvctl start and check the cable.",
    ])
    dfu = write_pdf(tmp_path / "dfu_guide.pdf", [
        "显示下载成功后，点击断开连接，取下跳线帽，然后复位，程序即可正常运行。驱动程序安装见上一页。",
    ], cjk=True)
    list(library.ingest([ups, dfu]))
    assert "螺母" in translate_query("nut: driver not connected when running upsc").split()
    searched = library.retriever.translated("nut: driver not connected when running upsc")
    assert "螺母" not in searched.split()
    assert "驱动程序" in searched.split()
    hits = library.search("nut: driver not connected when running upsc", k=2)
    assert hits[0].file == ups.name

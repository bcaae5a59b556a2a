"""A question that asks for a value is answered only from pages that state such a value."""

from __future__ import annotations

import pytest

from laoshifu.answer.value_check import asked_quantity, states_value
from tests.documents import PUMP_MANUAL


def test_questions_asking_for_values_name_their_quantity():
    assert asked_quantity("What torque for the housing bolts?").name == "torque"
    assert asked_quantity("八爪鱼主板上保险丝的额定电流是多少？").name == "current"
    assert asked_quantity("CH32V003 的工作温度范围是多少？").name == "temperature"
    assert asked_quantity("How often should the filter be changed?").name == "time"


def test_how_long_a_thing_is_asks_its_length_and_how_long_a_state_lasts_its_time():
    # "How long is the adaptor board?" was read as asking for a time, and the page giving its
    # 32.00mm was refused for stating no duration.
    assert asked_quantity("How long is the EBB USB adaptor board?").name == "distance"
    assert asked_quantity("usb adaptor pcb - how long is it? need to fit it in the bay"
                          ).name == "distance"
    assert asked_quantity("How long is the delay before the UPS shuts down?").name == "time"
    assert asked_quantity("How long is the certificate valid if I leave out -days?"
                          ).name == "time"
    assert asked_quantity("How long is the UPS on battery?").name == "time"


def test_a_diameter_and_a_disk_space_are_values_a_page_must_state():
    # A propeller's diameter and an installer's disk space asked for no value, so pages on
    # the blades' shape and on installing Java answered them.
    assert asked_quantity("What diameter are the propellers on a UHB engine?").name == "length"
    assert asked_quantity("丝杆直径是多少？").name == "length"
    assert asked_quantity("How much disk space does the Java install need?").name == "capacity"


def test_a_flash_or_relay_life_is_asked_in_cycles_and_stated_with_a_multiplier():
    # A flash's endurance was read as asking for no value, so the CH32V003 pages on
    # downloading answered "how many erase/program cycles is the flash good for".
    cycles = asked_quantity("how many erase/program cycles is the CH32V003 flash good for")
    assert cycles is not None and cycles.name == "cycles"
    assert asked_quantity("这个继电器的开关次数是多少？").name == "cycles"
    assert states_value(cycles, "Flash endurance: 100K erase cycles")
    assert states_value(cycles, "擦写寿命 10万次")
    assert not states_value(cycles, "press the key 3 times")


def test_a_chinese_question_asking_how_many_of_a_unit_names_its_quantity():
    # "几毫秒" (a few milliseconds?) asks as "多少毫秒" does; the debounce time of the EBB36's
    # endstops, which its manual never gives, was answered with its feature list.
    assert asked_quantity("限位开关的硬件消抖时间大概几毫秒？").name == "time"
    assert asked_quantity("发动机正时皮带一般跑多少公里要换？").name == "distance"
    assert asked_quantity("风扇接口输出几伏？").name == "voltage"
    assert asked_quantity("加热棒接口最大能过几安？").name == "current"
    assert asked_quantity("热床最多能接多少瓦？").name == "power"
    # "安" of "安装" (install) asks for no current.
    assert asked_quantity("需要准备多少安装螺丝？") is None


def test_a_count_of_a_unit_asks_for_the_quantity_the_unit_measures():
    # An I/O header's pitch "in mm" and a motor's resonance "in hertz", which no manual of the
    # library gives, were answered with the board's pin list and the resonance explanation.
    assert asked_quantity("评估板上 P1 排针的间距是多少毫米？").name == "length"
    assert asked_quantity("步进电机的共振一般发生在多少赫兹？").name == "frequency"
    assert asked_quantity("how many mm of clearance does the idler need?").name == "length"
    # "哪几个字节" asks which bytes, not how many; a count of tries measures nothing.
    assert asked_quantity("要往 /dev/adb 写哪几个字节？") is None
    assert asked_quantity("how many times should I retry the flash?") is None
    assert asked_quantity("What minimum SD card size does the image need?").name == "capacity"


def test_a_question_asking_for_a_code_asks_for_no_quantity():
    # "line length limit" describes the fault; the EEPROM error's row was refused for want
    # of a length.
    assert asked_quantity("Which Grbl error code is returned when a startup line exceeds the "
                          "EEPROM line length limit?") is None
    assert asked_quantity("电压过低时报哪个报警码？") is None
    assert asked_quantity("What voltage trips the low-voltage alarm?").name == "voltage"


def test_a_value_inside_a_part_number_is_no_stated_value():
    # Mouser's "653-G3A-210B" holds "3A": the SSR's load current, which the VORON parts list
    # never gives, read as stated.
    current = asked_quantity("What load current is the SSR rated for?")
    assert not states_value(current, "110V SSR – Omron VB-EL-01-SSR1 Mouser 653-G3A-210B-DC5 1")
    assert states_value(current, "Input DC12V-5A max")
    assert states_value(current, "12V rail (4A)")


def test_a_models_code_ending_in_a_unit_letter_is_no_stated_value():
    # The LinuxCNC timing table's Leadshine servo drive "DCS810S" reads as 810 seconds and its
    # stepper drive "M880A" as 880 amps: a model's name, not a time or a current. A value after
    # the current's kind still counts ("DC24V").
    time = asked_quantity("How many nanoseconds is the step time?")
    assert not states_value(time, "Leadshine USA Brushed servo DCS810S")
    assert states_value(time, "Step time: 1000 ns")
    current = asked_quantity("What current can the drive supply?")
    assert not states_value(current, "Leadshine M880A")
    voltage = asked_quantity("What supply voltage does the board take?")
    assert states_value(voltage, "Input DC24V")
    assert states_value(voltage, "输入电压12V")


def test_a_setting_named_for_its_quantity_states_it_with_a_bare_number():
    # A printer configuration sets the driver's current as "run_current: 0.800" and the hot
    # end's limit as "max_temp: 250": no unit, but the setting's name says what the number is.
    # A setting named for something else states no current ("microsteps: 16").
    current = asked_quantity("What run current should the X stepper's TMC2209 get?")
    assert states_value(current, "[tmc2209 stepper_x]\nrun_current: 0.800")
    assert not states_value(current, "[stepper_x]\nmicrosteps: 16")
    temperature = asked_quantity("What is the hot end's maximum temperature?")
    assert states_value(temperature, "max_temp: 250")


def test_how_many_degrees_is_a_temperature_and_a_maximum_clock_a_frequency():
    # The driver's over-temperature threshold, which no manual of the library gives, was
    # answered with the EBB36's specification list; so was the programmer's fastest SWD clock.
    temperature = asked_quantity("TMC2209 过温保护是多少度触发的？")
    assert temperature is not None and temperature.name == "temperature"
    assert states_value(temperature, "热床最高温度 110度") and states_value(temperature, "60℃")
    assert asked_quantity("wch-linke max swd clock").name == "frequency"
    assert asked_quantity("what clock rate does the SWD interface run at?").name == "frequency"
    assert asked_quantity("which clock source does the board use?") is None


@pytest.mark.parametrize(("question", "stated", "not_stated"), [
    # The NUT manual's upsc reading "045.0 degrees Celsius" stated no temperature: "degrees C"
    # was followed by more letters, so a question asking it was refused.
    ("What temperature did the UPS report?",
     ["UPS temperature was measured at 045.0 degrees Celsius.",
      "stored below 104 degrees Fahrenheit", "加热到 260 摄氏度",
      "one pound of pure water from 60˚F to 61˚F"],
     ["Steps of 0.9 - 1.8 degrees are quite common"]),
    ("How long does the self test take?", ["about 3 mins", "1.5 hrs", "30 secs", "500 msec"],
     ["press the key 3 times"]),
    ("What current does the fan port supply?", ["0.5 amperes", "300 milliamps", "2 安培"],
     ["安装 3 个螺丝"]),
    ("What torque for the pulley set screw?", ["20 lb-ft", "5 inch-pounds"], []),
    ("What frequency is the crystal?", ["12 megahertz"], []),
    # How often is a frequency stated as its period; "每秒 10000 步" is a rate of steps.
    ("What is upsmon's polling frequency?",
     ["upsmon polls every 5 seconds", "每 2 秒检查一次", "10 秒一次"],
     ["每秒 10000 步", "wait 10 seconds"]),
    ("How heavy is the spindle?", ["2 kilos", "4 pounds"], []),
    ("What resistance is the pull-up?", ["2.2 千欧"], []),
    # A parts list marks inches: the VORON kit's PEI sheet and its screws.
    ("What thickness is the PEI sheet?",
     ["PEI sheet 9”x9”x0.04” VE-B-PEI-9", "Plastics screw No. 1 7/16” VB-HW-PS-1", "a 1.5″ spacer"],
     ["设置为“10”即可", 'Option: "1209600"']),
    # And feet, with a single prime or the closing quote a word processor makes of it.
    ("What length of 18AWG wire comes in the kit?",
     ["18AWG wire (red) 12’ VB-EL-02", "a 6′ power cord"],
     ["设置为‘10’即可", "printers of the 1990’s", "set it to ‘5’"]),
])
def test_a_unit_written_out_states_its_quantity(question, stated, not_stated):
    quantity = asked_quantity(question)
    assert quantity is not None, question
    for text in stated:
        assert states_value(quantity, text), (quantity.name, text)
    for text in not_stated:
        assert not states_value(quantity, text), (quantity.name, text)


def test_an_angle_named_is_asked_in_degrees_of_arc_not_of_heat():
    # "气门座角度一般比气门面大多少度" (how many degrees steeper is the valve seat) was refused
    # as a temperature no page states; the glossary gives "between 0.5º and 1º".
    angle = asked_quantity("气门座角度一般比气门面大多少度（干涉角）？")
    assert angle is not None and angle.name == "angle"
    assert states_value(angle, "between 0.5º and 1º") and states_value(angle, "倾斜 15度")
    assert not states_value(angle, "heated to 60 ºC") and not states_value(angle, "60°F")
    assert asked_quantity("What is the valve seat interference angle?").name == "angle"
    assert asked_quantity("热床要加热到多少度？").name == "temperature"
    assert asked_quantity("how many degrees for PLA on the hot end?") is None
    # A motor's step is a turn: "多少度" of it is degrees of arc, which a page prints "1.8°".
    for question in ("0.9度的步进电机开8细分，每一步转多少度？", "这个电机的步距角是几度",
                     "舵机最多转几度"):
        assert asked_quantity(question).name == "angle", question


def test_a_temperature_sensor_or_input_is_a_thing_the_board_has_not_a_temperature():
    # "How many temperature sensor inputs" asks for a count and their names ("TB, T0, T1"): as
    # a temperature, the value rule refused it for want of a page stating degrees.
    for question in ("How many temperature sensor inputs does the toolboard have?",
                     "Which temp sensor port does the bed thermistor plug into?",
                     "主板有几个温度传感器接口？", "What temperature probes can the board read?"):
        assert asked_quantity(question) is None, question
    # A temperature asked of the sensor still is one.
    assert asked_quantity("温度传感器最高能测多少度？").name == "temperature"
    assert asked_quantity("What is the highest temperature the temperature sensor reads?"
                          ).name == "temperature"


@pytest.mark.parametrize(("question", "asked"), [
    # A quantity's name before a part names the part: its value is another quantity, or none.
    ("What is the resistance of the current sense resistor?", "resistance"),
    ("电流采样电阻的阻值是多少？", "resistance"),
    ("Which voltage regulator chip is on the toolboard?", None),
    ("How many voltage inputs does the UPS have?", None),
    ("What current sensor does the spindle drive use?", None),
    ("What frequency converter drives the spindle?", None),
    # The quantity itself, asked of the part or of an input, still is.
    ("What output voltage does the regulator give?", "voltage"),
    ("What voltage input range does the board accept?", "voltage"),
    ("电压输入范围是多少？", "voltage"),
    ("How much current can the fan port supply?", "current"),
])
def test_a_quantity_naming_a_part_asks_for_the_part_not_the_quantity(question, asked):
    quantity = asked_quantity(question)
    assert (quantity.name if quantity else None) == asked, question


def test_a_short_query_ending_in_a_quantity_asks_for_its_value():
    # The VORON guide gives no belt tension; its parts list was shown as the answer.
    assert asked_quantity("voron a/b belt tension?").name == "tension"
    assert asked_quantity("octopus heater voltage?").name == "voltage"
    assert asked_quantity("nut var for the low transfer voltage?") is None
    assert asked_quantity("ebb36 hotend temp reads crazy, jumper on th0 - pull it?") is None


def test_a_quantity_named_beats_the_current_a_fuse_is_rated_by():
    # A thermal fuse is rated by its temperature: "fuse" asks for a current only when the
    # question names no quantity itself.
    assert asked_quantity("What temperature rating is the thermal fuse?").name == "temperature"
    assert asked_quantity("voron thermal cutoff fuse - what temp?").name == "temperature"
    assert asked_quantity("热保护保险丝是多少度的？").name == "temperature"
    assert asked_quantity("What is the fuse rating of the bed output?").name == "current"


def test_two_values_offered_to_choose_from_ask_for_their_quantity():
    # "5V or 24V" asks which voltage the page states: read as no value asked, a page stating
    # only the board's input voltage answered for the probe port.
    assert asked_quantity("Is the PROBE port powered at 5V or 24V?").name == "voltage"
    assert asked_quantity("探针口是 5V 还是 24V？").name == "voltage"
    assert asked_quantity("Is it 5V or not?") is None


def test_how_much_memory_in_chinese_asks_for_a_capacity():
    assert asked_quantity("跑 Klipper 的树莓派至少要多大内存？").name == "capacity"
    assert asked_quantity("树莓派内存需要多少？").name == "capacity"


def test_a_word_ending_in_amps_asks_for_no_current():
    # "RAMPS" (the Arduino board) was read as "amps": the VORON guide's page naming the Marlin
    # release for a RAMPS build was refused for stating no current.
    assert asked_quantity("voron ramps build, what marlin release to flash?") is None
    assert asked_quantity("which clamps hold the frame, and how many?") is None
    assert asked_quantity("how many amps does the heater draw?").name == "current"
    assert asked_quantity("What does the current status OL mean?") is None
    assert asked_quantity("what is the currently recommended bootloader offset?") is None
    assert asked_quantity("what is the current draw of the hotend fan?").name == "current"


def test_the_current_release_of_a_named_firmware_is_no_electric_current():
    # "the current Marlin release" was read as amps: a page naming the release was refused
    # for stating no current.
    assert asked_quantity("what is the current marlin release for the octopus?") is None
    assert asked_quantity("What is the current Klipper version on the Pi?") is None
    assert asked_quantity("what current limit does the driver firmware set?").name == "current"
    assert asked_quantity("what is the current rating of the fuse?").name == "current"


def test_a_machine_s_current_feed_or_position_is_no_electric_current():
    # "the current feed in units per minute" (a CNC's HAL pin) was read as amps: the page
    # listing the pin was refused for stating no current.
    assert asked_quantity("Which HAL pin gives the current feed in units per minute?") is None
    assert asked_quantity("how do I read the current tool and the current line?") is None
    assert asked_quantity("what current does the spindle drive draw?").name == "current"


def test_how_long_a_thing_can_be_asks_for_a_length_and_how_long_it_can_run_for_a_time():
    assert asked_quantity("How long can the RS-485 cable between the UPS and the PC be?"
                          ).name == "distance"
    assert asked_quantity("how long should the thermistor leads be, at most?").name == "distance"
    assert asked_quantity("How long can the UPS be on battery?").name == "time"
    assert asked_quantity("how long does the UPS run on battery?").name == "time"


def test_a_delay_asked_in_milliseconds_is_a_time_stated_in_any_of_its_units():
    # "How many milliseconds" was read as asking for no value, so a page stating the
    # regulator's 4 A answered a question about its start-up delay.
    delay = asked_quantity("How many milliseconds does the 12V regulator take to come up?")
    assert delay is not None and delay.name == "time"
    assert asked_quantity("上电后多少毫秒稳压器输出稳定？").name == "time"
    assert states_value(delay, "the output settles within 20 ms of power-up")
    assert states_value(delay, "step pulses at least 5µs long")
    assert states_value(delay, "等待 10毫秒 后复位")
    assert not states_value(delay, "the 12V rail can supply up to 4A")


def test_a_value_asked_in_a_prefixed_chinese_unit_names_its_quantity():
    # "多少毫安" was read as asking nothing, so the EBB36 manual's VUSB jumper note answered
    # how many milliamps the Type-C port can give out, which it never states.
    assert asked_quantity("这个口最多能向外输出多少毫安？").name == "current"
    assert asked_quantity("纹波有多少毫伏？").name == "voltage"
    assert asked_quantity("主轴电机多少千瓦？").name == "power"


def test_a_value_printed_in_a_prefixed_chinese_unit_is_stated():
    # A Chinese page prints "500毫安" and "48兆赫" as often as "500mA" and "48MHz": the value
    # rule read such pages as stating no current or frequency, and refused what they answer.
    assert states_value(asked_quantity("工作电流是多少？"), "工作电流：500毫安")
    assert states_value(asked_quantity("主频是多少？"), "主频最高 48兆赫")
    assert states_value(asked_quantity("主轴电机功率多少？"), "主轴电机 1.5千瓦")
    assert states_value(asked_quantity("气压是多少？"), "工作气压 0.6 兆帕")
    assert states_value(asked_quantity("螺栓拧紧扭矩多少？"), "拧紧至 24 牛·米")
    assert states_value(asked_quantity("间隙是多少？"), "间隙 0.5 厘米")


def test_a_resistor_asked_with_its_label_or_is_between_asks_for_its_value():
    # "采样电阻 Rsense 是多少" was read as asking nothing, so the SB2209 manual's driver section
    # answered for a sense resistor it never gives a value of.
    assert asked_quantity("板载 TMC2209 的采样电阻 Rsense 是多少？").name == "resistance"
    assert asked_quantity("上拉电阻是多大？").name == "resistance"
    assert asked_quantity("终端电阻要不要接？") is None


def test_a_ratio_counted_by_weight_asks_for_no_weight():
    # The FAA glossary's rich mixture is "less than 15 parts of air to 1 part of fuel, by
    # weight": no mass is stated, and the question was refused for want of one.
    assert asked_quantity("what air/fuel ratio by weight makes a mixture rich?") is None
    assert asked_quantity("富油混合气是指空气与燃油按重量比是多少的混合气？") is None
    assert asked_quantity("What is the weight of the UPS?").name == "mass"
    assert asked_quantity("整机重量是多少？").name == "mass"


def test_a_terse_query_naming_a_unit_without_a_number_asks_for_a_value():
    # Typed into the search box with no question word: the unit is what asks.
    assert asked_quantity("voron frame cube screw torque nm").name == "torque"
    assert asked_quantity("ch32v003 eval board y1 crystal mhz").name == "frequency"
    assert asked_quantity("upsmon poll interval seconds").name == "time"
    # Or a field of a spec sheet: its value is what is looked up.
    assert asked_quantity("wch-linke operating temperature").name == "temperature"
    assert asked_quantity("sb2209 lis2dw i2c address").name == "address"
    assert asked_quantity("ebb36 输入电压").name == "voltage"
    # A symptom gives its number with the unit; a unit too common alone asks nothing.
    assert asked_quantity("fan at 1.5 a runs hot after the current spike") is None
    assert asked_quantity("gap in the belt after tensioning") is None
    assert asked_quantity("ebb36 hotend temp reads crazy with ntc100k") is None


def test_questions_about_a_quantity_but_not_its_value_are_not_value_questions():
    assert asked_quantity("Why does the motor current rise after a bearing change?") is None
    assert asked_quantity("How do I replace the bearing?") is None


def test_the_quantity_asked_is_the_one_the_asking_sentence_names():
    # The symptom names a temperature; the question asks for a resistor's value: refusing for
    # want of a temperature hid the pull-up the manual gives.
    assert asked_quantity("Hotend temperature on my toolhead reads wrong. What pullup resistor "
                          "value should the thermistor config use?").name == "resistance"
    assert asked_quantity("热床温度不对。上拉电阻用多少？").name == "resistance"
    assert asked_quantity("My fan runs at 1.5 A. What voltage does it need?").name == "voltage"


def test_a_network_address_is_an_address():
    address = asked_quantity("Which address does upsd listen on by default?")
    assert states_value(address, "upsd is listening on 127.0.0.1 port 3493")
    assert not states_value(address, "upsd listens on the loopback interface only")


def test_a_mac_address_is_an_address():
    # NUT's variable table gives the device's MAC address as an example value; the question
    # about it was refused for want of an address stated.
    address = asked_quantity("Which NUT variable reports the device's MAC address?")
    assert states_value(address, "device.macaddr Physical network address of the device "
                                 "68:b5:99:f5:89:27")
    assert states_value(address, "MAC: 68-B5-99-F5-89-27")
    assert not states_value(address, "started at 12:30:45 on 2024-05-01")


def test_a_page_states_a_value_only_with_its_unit():
    torque = asked_quantity("What torque for the bolts?")
    assert states_value(torque, PUMP_MANUAL[1])  # "to 24 Nm"
    assert not states_value(torque, PUMP_MANUAL[2])  # tolerances in mm, no torque
    current = asked_quantity("最大电流多少？")
    assert states_value(current, "加热棒最大电流 5A，风扇 1.5 A")
    assert not states_value(current, "the fan is on channel 5 and the heater on 6")


def test_value_question_the_manual_does_not_answer_is_refused(library, pump_manual):
    list(library.ingest([pump_manual]))
    stream = library.ask("What is the rated current of the P-101 motor fuse?")
    assert stream.refused
    assert stream.sources  # the closest pages are still offered


def test_value_question_the_manual_answers_is_not_refused(library, pump_manual):
    list(library.ingest([pump_manual]))
    stream = library.ask("What torque for the P-101 bearing housing bolts?")
    stream.cancel()
    assert not stream.refused


def test_how_big_a_thing_of_a_part_asks_that_things_size_not_the_parts_value():
    # "热敏电阻是多大螺纹的六角螺柱" asks the thread of the thermistor's stud ("M3"); read as
    # asking a resistance, it was refused for stating no ohms.
    assert asked_quantity("VORON 物料清单里的热床热敏电阻是多大螺纹的六角螺柱？") is None
    assert asked_quantity("上拉电阻是多大？").name == "resistance"
    assert asked_quantity("上拉电阻要多大的？").name == "resistance"
    assert asked_quantity("滤波电容多大？").name == "capacitance"

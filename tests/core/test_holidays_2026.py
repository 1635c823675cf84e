"""2026's holidays as the joint decree fixes them, and loading a year's list from CSV.

Source: SKB 3 Menteri (Menteri Agama, Menteri Ketenagakerjaan, Menteri PANRB)
No. 1497, 2 and 5 of 2025: 17 national holidays and 8 days of cuti bersama.
"""

from datetime import date

import pytest

from core.calendar.holidays import (
    add_holiday,
    due_date,
    list_holidays,
    load_holidays,
    parse_holiday_rows,
)
from core.demo.holidays import CUTI_BERSAMA, HOLIDAYS
from core.errors import InvalidInput

NATIONAL_2026 = {
    date(2026, 1, 1), date(2026, 1, 16), date(2026, 2, 17), date(2026, 3, 19),
    date(2026, 3, 21), date(2026, 3, 22), date(2026, 4, 3), date(2026, 4, 5),
    date(2026, 5, 1), date(2026, 5, 14), date(2026, 5, 27), date(2026, 5, 31),
    date(2026, 6, 1), date(2026, 6, 16), date(2026, 8, 17), date(2026, 8, 25),
    date(2026, 12, 25),
}
CUTI_BERSAMA_2026 = {
    date(2026, 2, 16), date(2026, 3, 18), date(2026, 3, 20), date(2026, 3, 23),
    date(2026, 3, 24), date(2026, 5, 15), date(2026, 5, 28), date(2026, 12, 24),
}
YEAR_2026 = {day: name for day, name in HOLIDAYS if day.year == 2026}


def test_2026_holds_every_day_of_the_decree_and_nothing_else():
    """17 national holidays and 8 days of cuti bersama: 25 days."""
    assert (len(NATIONAL_2026), len(CUTI_BERSAMA_2026)) == (17, 8)
    assert set(YEAR_2026) == NATIONAL_2026 | CUTI_BERSAMA_2026
    assert len([day for day, _name in HOLIDAYS if day.year == 2026]) == 25


def test_cuti_bersama_are_labelled_so_and_fall_on_weekdays():
    """Every leave day says 'Cuti bersama' (20 March included); no holiday does."""
    for day in CUTI_BERSAMA_2026:
        assert YEAR_2026[day].startswith(CUTI_BERSAMA), day
        assert day.weekday() < 5, day
    for day in NATIONAL_2026:
        assert not YEAR_2026[day].startswith(CUTI_BERSAMA), day
    assert YEAR_2026[date(2026, 3, 20)] == "Cuti bersama Idul Fitri 1447 Hijriah"
    assert YEAR_2026[date(2026, 3, 21)] == YEAR_2026[date(2026, 3, 22)] == "Idul Fitri 1447 Hijriah"


def test_the_labels_name_each_day():
    """A few labels as the decree words them."""
    assert YEAR_2026[date(2026, 2, 16)] == "Cuti bersama Tahun Baru Imlek 2577 Kongzili"
    assert YEAR_2026[date(2026, 4, 5)] == "Kebangkitan Yesus Kristus (Paskah)"
    assert YEAR_2026[date(2026, 5, 15)] == "Cuti bersama Kenaikan Yesus Kristus"
    assert YEAR_2026[date(2026, 5, 28)] == "Cuti bersama Idul Adha 1447 Hijriah"
    assert YEAR_2026[date(2026, 6, 16)] == "1 Muharam Tahun Baru Islam 1448 Hijriah"


def test_lebaran_leave_moves_a_time_limit_by_the_whole_week(session):
    """Filed Tuesday 17 March: 18 (leave), 19 (Nyepi), 20 (leave), 23 and 24 (leave) are
    skipped, so three working days end on Friday 27 March."""
    for day, name in HOLIDAYS:
        add_holiday(session, day=day, name=name)
    assert due_date(session, date(2026, 3, 17), 3) == date(2026, 3, 27)


CSV = "day,name\n2027-01-01,Tahun Baru 2027 Masehi\n2027-02-06,Tahun Baru Imlek\n"


def test_a_years_list_loads_from_csv(session):
    """Each row added (a day already stored is renamed)."""
    add_holiday(session, day=date(2027, 1, 1), name="Tahun baru")
    load_holidays(session, rows=parse_holiday_rows(CSV))
    assert [(h.day, h.name) for h in list_holidays(session, year=2027)] == [
        (date(2027, 1, 1), "Tahun Baru 2027 Masehi"), (date(2027, 2, 6), "Tahun Baru Imlek")]


def test_replace_drops_the_days_the_new_list_no_longer_holds(session):
    """A lunar date that moved: the old day of that year goes; other years stay."""
    add_holiday(session, day=date(2027, 2, 7), name="Tahun Baru Imlek")
    add_holiday(session, day=date(2026, 12, 25), name="Kelahiran Yesus Kristus")
    removed = load_holidays(session, rows=parse_holiday_rows(CSV), replace=True)
    assert [h.day for h in removed] == [date(2027, 2, 7)]
    assert [h.day for h in list_holidays(session)] == [
        date(2026, 12, 25), date(2027, 1, 1), date(2027, 2, 6)]


@pytest.mark.parametrize(("text", "detail"), [
    ("tanggal,nama\n2027-01-01,Tahun Baru\n", "header: day,name"),
    ("day,name\n2027-13-01,Tahun Baru\n", "line 2"),
    ("day,name\n2027-01-01,Tahun Baru\n2027-01-01,Lagi\n", "line 3"),
    ("day,name\n2027-01-01,\n", "line 2"),
    ("day,name\n2027-01-01\n", "line 2"),
])
def test_a_bad_file_is_refused_whole_with_its_line(text, detail):
    """A bad header, date, duplicate or missing name: nothing loads, the line is named."""
    with pytest.raises(InvalidInput) as refused:
        parse_holiday_rows(text)
    assert refused.value.detail == detail


def test_the_cli_loads_a_file_and_a_dry_run_changes_nothing(runner, session, tmp_path):
    """`layanan holidays load FILE.csv [--dry-run]`."""
    from layanan.cli import cli

    path = tmp_path / "2027.csv"
    path.write_text(CSV, encoding="utf-8")
    tried = runner.invoke(cli, ["holidays", "load", str(path), "--dry-run"])
    assert tried.exit_code == 0, tried.output
    assert "2 days would be loaded, 0 removed." in tried.output
    assert list_holidays(session, year=2027) == []
    session.commit()
    loaded = runner.invoke(cli, ["holidays", "load", str(path)])
    assert loaded.exit_code == 0, loaded.output
    assert "+ 2027-02-06 Tahun Baru Imlek" in loaded.output
    assert len(list_holidays(session, year=2027)) == 2
    path.write_text("day,name\nbukan tanggal,x\n", encoding="utf-8")
    refused = runner.invoke(cli, ["holidays", "load", str(path)])
    assert refused.exit_code != 0 and "line 2" in refused.output

"""Each identifier in the forms real documents write it, and the near-misses that must not match."""

from __future__ import annotations

import pytest

from nerpipe.identifiers import find_identifiers, mask_card, mask_card_numbers
from nerpipe.identifiers.checksums import base58check_payload, eip55_valid, keccak256, luhn_valid, segwit_address_valid


def found(text: str, region: str = "US") -> list[tuple[str, str, str]]:
    """(label, text as written, normalised value) of each identifier."""
    return [(i.label, text[i.start : i.end], i.value) for i in find_identifiers(text, region=region)]


@pytest.mark.parametrize(
    ("text", "written", "value"),
    [
        ("Call (312) 555-0199 today.", "(312) 555-0199", "+13125550199"),
        ("Cell: 312-555-0199.", "312-555-0199", "+13125550199"),
        ("Cell: 312.555.0199", "312.555.0199", "+13125550199"),
        ("Tel:312-555-0199", "312-555-0199", "+13125550199"),
        ("reach him on +1 312 555 0199", "+1 312 555 0199", "+13125550199"),
        ("London office +44 20 7946 0958", "+44 20 7946 0958", "+442079460958"),
        ("Telephone: +61 2 9224 5555", "+61 2 9224 5555", "+61292245555"),
        ("the office (+61 2 9224 5550), not", "+61 2 9224 5550", "+61292245550"),
        ("Mobile: +91 9500615962 E-mail", "+91 9500615962", "+919500615962"),
    ],
)
def test_phone_numbers_as_written_are_found_as_e164(text, written, value):
    assert found(text) == [("PHONE", written, value)]


def test_one_phone_written_two_ways_has_one_value():
    values = {value for _, _, value in found("Called (312) 555-0199, then +1-312-555-0199.")}
    assert values == {"+13125550199"}


def test_the_default_region_is_a_setting():
    assert found("Ring 020 7946 0958 tonight.", region="GB") == [("PHONE", "020 7946 0958", "+442079460958")]
    assert found("Ring 020 7946 0958 tonight.", region="US") == []


@pytest.mark.parametrize(
    "text",
    [
        "Seized on 2019-03-14 at the pier.",
        "On 03/14/2019 agents arrived.",
        "Case number 26-04417 was opened.",
        "Docket No. 1:19-cr-00123-ABC",
        "Mail to Chicago, IL 60614-1234.",
        "He paid $1,250,000 in cash.",
        "Account 3125550199 was frozen.",
        "Call 555-0199 after six.",
        "Exhibit #312-555-0199",
        "Between 1999-2004 and 2010-2015 he lived there.",
    ],
)
def test_dates_case_numbers_zip_codes_money_and_bare_digits_are_not_phones(text):
    assert [f for f in found(text) if f[0] == "PHONE"] == []


@pytest.mark.parametrize(
    ("text", "written", "value"),
    [
        ("Mail Ana.Ruiz@Example.com today", "Ana.Ruiz@Example.com", "ana.ruiz@example.com"),
        ("(jm-ottino@northwestern.edu)", "jm-ottino@northwestern.edu", "jm-ottino@northwestern.edu"),
        ("write to ruiz [at] example [dot] org now", "ruiz [at] example [dot] org", "ruiz@example.org"),
        ("j.doe(at)mail(dot)co(dot)uk", "j.doe(at)mail(dot)co(dot)uk", "j.doe@mail.co.uk"),
        ("boss {at} cartel.mx", "boss {at} cartel.mx", "boss@cartel.mx"),
        ("LINKS http://shrikant89@gmail.com", "shrikant89@gmail.com", "shrikant89@gmail.com"),
        ("info@garratts.com.au = Web", "info@garratts.com.au", "info@garratts.com.au"),
    ],
)
def test_email_addresses_plain_and_obfuscated(text, written, value):
    assert found(text) == [("EMAIL", written, value)]


@pytest.mark.parametrize(
    "text",
    ["a@b", "name@localhost", "x@y.c", "user@-bad.com", "user@bad-.com", "meet @ 5pm", "a..b@example.com"],
)
def test_malformed_email_addresses_are_not_found(text):
    assert [f for f in found(text) if f[0] == "EMAIL"] == []


@pytest.mark.parametrize(
    ("text", "written", "value"),
    [
        ("See https://example.com/a?b=1).", "https://example.com/a?b=1", "https://example.com/a?b=1"),
        ("Site: www.Garratts.com.au, then", "www.Garratts.com.au", "http://www.garratts.com.au"),
        (
            "(see the MPACT Project (http://ils.unc.edu/mpact/) 37%",
            "http://ils.unc.edu/mpact/",
            "http://ils.unc.edu/mpact",
        ),
        ("HTTPS://Example.COM/Path/", "HTTPS://Example.COM/Path/", "https://example.com/Path"),
        ("https://en.wikipedia.org/wiki/Fentanyl_(drug).", "https://en.wikipedia.org/wiki/Fentanyl_(drug)", None),
    ],
)
def test_urls_without_the_sentences_punctuation(text, written, value):
    [(label, got, normalised)] = found(text)
    assert (label, got) == ("URL", written)
    assert value is None or normalised == value


@pytest.mark.parametrize(
    ("text", "written", "value"),
    [
        ("from 192.168.0.1 at", "192.168.0.1", "192.168.0.1"),
        ("logged 8.8.8.8.", "8.8.8.8", "8.8.8.8"),
        ("v6 2001:db8::8a2e:370:7334 seen", "2001:db8::8a2e:370:7334", "2001:db8::8a2e:370:7334"),
        (
            "v6 2001:0db8:0000:0000:0000:ff00:0042:8329",
            "2001:0db8:0000:0000:0000:ff00:0042:8329",
            "2001:db8::ff00:42:8329",
        ),
        ("loopback fe80::1ff:fe23:4567:890a.", "fe80::1ff:fe23:4567:890a", "fe80::1ff:fe23:4567:890a"),
    ],
)
def test_ip_addresses_v4_and_v6(text, written, value):
    assert found(text) == [("IP", written, value)]


@pytest.mark.parametrize("text", ["256.1.1.1", "version 1.2.3.4.5", "at 10:30:00", "01.02.03.04", "see 3.14.15"])
def test_near_miss_ip_addresses(text):
    assert [f for f in found(text) if f[0] == "IP"] == []


@pytest.mark.parametrize(
    ("text", "written", "value"),
    [
        ("IBAN DE89 3704 0044 0532 0130 00 for", "DE89 3704 0044 0532 0130 00", "DE89370400440532013000"),
        ("to GB82WEST12345698765432.", "GB82WEST12345698765432", "GB82WEST12345698765432"),
        ("FR14 2004 1010 0505 0001 3M02 606 THEN", "FR14 2004 1010 0505 0001 3M02 606", "FR1420041010050500013M02606"),
    ],
)
def test_ibans_with_and_without_spaces(text, written, value):
    assert found(text) == [("IBAN", written, value)]


def test_an_iban_with_a_wrong_check_digit_is_not_one():
    assert found("DE89 3704 0044 0532 0130 01") == []
    assert found("GB83WEST12345698765432") == []


@pytest.mark.parametrize(
    ("text", "written", "last4"),
    [
        ("card 4111 1111 1111 1111, exp", "4111 1111 1111 1111", "1111"),
        ("Visa 4012-8888-8888-1881.", "4012-8888-8888-1881", "1881"),
        ("Amex 378282246310005", "378282246310005", "0005"),
        ("Amex 3782 822463 10005", "3782 822463 10005", "0005"),
        ("MC 5555555555554444", "5555555555554444", "4444"),
    ],
)
def test_card_numbers_pass_luhn_and_have_a_masked_value(text, written, last4):
    [(label, got, value)] = found(text)
    assert (label, got) == ("CARD", written)
    assert value.startswith(f"•••• {last4} #") and written.replace(" ", "").replace("-", "")[:6] not in value


@pytest.mark.parametrize(
    "text",
    [
        "4111 1111 1111 1112",
        "1234 5678 9012 3456",
        "0000000000000000",
        "4111 1111-1111 1111",
        "ref 41111111111111111111",
    ],
)
def test_near_miss_card_numbers(text):
    assert [f for f in found(text) if f[0] == "CARD"] == []


def test_card_numbers_are_masked_but_the_last_four():
    assert mask_card("4111-1111-1111-1234") == "••••-••••-••••-1234"
    assert mask_card_numbers("Paid with 4111 1111 1111 1111 on 2019-03-14.") == (
        "Paid with •••• •••• •••• 1111 on 2019-03-14."
    )
    assert mask_card_numbers("Order 1234 5678 9012 3456") == "Order 1234 5678 9012 3456"


@pytest.mark.parametrize(
    ("text", "written", "value"),
    [
        ("BTC 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa.", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", None),
        ("P2SH 3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", None),
        (
            "to BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4",
            "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4",
            "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
        ),
        (
            "taproot bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297",
            "bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297",
            None,
        ),
        (
            "ETH 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed",
        ),
    ],
)
def test_crypto_addresses_with_their_checksums(text, written, value):
    [(label, got, normalised)] = found(text)
    assert (label, got) == ("CRYPTO", written)
    assert normalised == (value or written)


@pytest.mark.parametrize(
    "text",
    [
        "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb",  # one character changed: the check bytes fail
        "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5",
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD",  # the EIP-55 case of the last letter is wrong
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe",  # 39 digits
    ],
)
def test_crypto_near_misses(text):
    assert found(text) == []


def test_handles_in_messages_but_not_e_mail_or_at_signs():
    assert found("DM @el_chapo99 or follow @USAO_NDIA.") == [
        ("HANDLE", "@el_chapo99", "@el_chapo99"),
        ("HANDLE", "@USAO_NDIA", "@usao_ndia"),
    ]
    assert found("meet @ 5pm, @10, x@y.com") == [("EMAIL", "x@y.com", "x@y.com")]


def test_an_identifier_inside_another_is_part_of_it():
    text = "See https://pay.example.com/u/4111111111111111/+13125550199 and mail ruiz@192.168.0.1x.com"
    labels = [label for label, _, _ in found(text)]
    assert labels[0] == "URL" and "CARD" not in labels and "PHONE" not in labels


def test_checksums():
    assert luhn_valid("79927398713") and not luhn_valid("79927398710")
    assert keccak256(b"").hex() == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"
    assert eip55_valid("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359")
    assert base58check_payload("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2")[0] == 0
    assert segwit_address_valid("bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3")
    assert not segwit_address_valid("tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx")

from nerpipe.ingest.doc import clean_word_text


def test_field_codes_are_dropped_and_results_kept():
    raw = 'See \x13 HYPERLINK "http://x" \x14the report\x15 and page \x13PAGE\x145\x15.\r'
    assert clean_word_text(raw) == "See the report and page 5."


def test_nested_fields_and_control_characters():
    raw = "A\x13 IF \x13 DATE \x142026\x15 \x14result\x15B\x0bline\x07cell\x07\x07\rnext\x0cpage\x01"
    assert clean_word_text(raw) == "AresultB\nline\tcell\nnext\n\npage"

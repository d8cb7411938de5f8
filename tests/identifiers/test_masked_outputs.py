import io

from nerpipe.mention_formats import MentionFormat, write_mentions
from nerpipe.types import Mention


def test_nerpipe_extract_output_shows_a_card_number_masked_in_every_format():
    card = Mention("doc", "4111 1111 1111 1111", "CARD", 5, 24, 0, "pattern", "•••• 1111 #9bbef194", 1.0)
    for fmt in MentionFormat:
        out = io.StringIO()
        write_mentions([card], fmt, out)
        assert "4111 1111" not in out.getvalue() and "•••• •••• •••• 1111" in out.getvalue(), fmt

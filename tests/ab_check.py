from django.test import Client

from tests.pages import Objects, log_in, page, pdfs_made_once


def test_memo_same_bytes(laholm):
    """The memo gives back the bytes of the first conversion for the same document."""
    from samverkan import pdf

    calls = []
    real = pdf.HTML.write_pdf

    def counting(self, *a, **k):
        calls.append(1)
        return real(self, *a, **k)

    pdf.HTML.write_pdf = counting
    try:
        url = page("samverkan:agreement_pdf").path(Objects(laholm))
        c = Client()
        log_in(c, "samordnare")
        with pdfs_made_once():
            one = c.get(url).content
            two = c.get(url).content
        three = c.get(url).content
    finally:
        pdf.HTML.write_pdf = real
    assert one == two
    assert len(calls) == 2
    assert one[:5] == three[:5] == b"%PDF-"

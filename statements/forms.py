"""Forms of the staff admin's statement pages."""

from pathlib import PurePath

from django import forms

from .importing import MAX_STATEMENT_FILE_BYTES, too_big_message
from .text_preview import ALLOWED_EXTENSIONS

# A pasted statement is text: 2 MB of it is far more than any real signatory list (5,000 names
# are about 200 KB) and stays under Django's default request body limit (2.5 MB).
MAX_PASTED_CHARACTERS = 2 * 1024 * 1024


class StatementTextForm(forms.Form):
    """Step 1 of "Add statement from text": a pasted text or one file."""

    text = forms.CharField(
        label="Paste the statement",
        required=False,
        max_length=MAX_PASTED_CHARACTERS,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 16, "cols": 100}),
        help_text="Copied from a web page, an e-mail or a document: title, text and signatories.",
    )
    file = forms.FileField(
        label="or upload a file",
        required=False,
        help_text=f"Text, Markdown, HTML, Word (.docx) or PDF with a text layer; at most "
        f"{MAX_STATEMENT_FILE_BYTES // (1024 * 1024)} MB.",
    )
    title = forms.CharField(
        label="Title",
        required=False,
        max_length=500,
        help_text="Leave empty to use the title the text gives (or the one proposed from it).",
    )

    def clean(self):
        cleaned = super().clean()
        text, upload = cleaned.get("text") or "", cleaned.get("file")
        if upload is not None and text.strip():
            raise forms.ValidationError("Paste a text or upload a file, not both.")
        if upload is None and not text.strip():
            if not self.errors:
                raise forms.ValidationError("Paste the statement's text or upload a file.")
            return cleaned
        if upload is not None:
            name = PurePath(upload.name or "").name
            if not name.lower().endswith(ALLOWED_EXTENSIONS):
                raise forms.ValidationError(
                    f"{name}: files of this type cannot be read; upload one of "
                    f"{', '.join(ALLOWED_EXTENSIONS)}"
                )
            if upload.size > MAX_STATEMENT_FILE_BYTES:
                raise forms.ValidationError(f"{name}: {too_big_message(upload.size)}")
            cleaned["filename"] = name
        return cleaned

"""Dates a template prints without a format of its own read "1 April 2021" (GOV.UK style), not
Django's en-GB "1 Apr 2021"; input formats stay Django's. Templates give times with the `moment`
filter (alpha_hub.templatetags.dates): "1 April 2021 at 2:05pm"."""

DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j F Y"
DATETIME_FORMAT = r"j F Y \a\t H:i"
SHORT_DATETIME_FORMAT = r"j F Y \a\t H:i"

"""The portal's date formats, said once (the guide writes dates as 02/08/2023).

Templates write `{{ day|date }}` and `{{ moment|date:"DATETIME_FORMAT" }}`; Django finds this module through
settings.FORMAT_MODULE_PATH, ahead of its own English formats ("Feb. 8, 2023").
"""

DATE_FORMAT = "m/d/Y"
SHORT_DATE_FORMAT = "m/d/Y"
DATETIME_FORMAT = "m/d/Y g:i a"
SHORT_DATETIME_FORMAT = "m/d/Y g:i a"
DATE_INPUT_FORMATS = ["%m/%d/%Y", "%Y-%m-%d"]

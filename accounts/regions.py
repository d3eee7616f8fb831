"""KDLA regions for the seeded library systems: Kentucky's 15 Area Development Districts (see DECISIONS).

Seed data, editable in the admin afterwards: `seed_catalog` sets a library's region only while it has none.
"""

REGION_COUNTIES = {
    "Barren River": ["Allen", "Barren", "Butler", "Edmonson", "Hart", "Logan", "Metcalfe", "Monroe", "Simpson", "Warren"],
    "Big Sandy": ["Floyd", "Johnson", "Magoffin", "Martin", "Pike"],
    "Bluegrass": [
        "Anderson", "Bourbon", "Boyle", "Clark", "Estill", "Fayette", "Franklin", "Garrard", "Harrison",
        "Jessamine", "Lincoln", "Madison", "Mercer", "Nicholas", "Powell", "Scott", "Woodford",
    ],
    "Buffalo Trace": ["Bracken", "Fleming", "Lewis", "Mason", "Robertson"],
    "Cumberland Valley": ["Bell", "Clay", "Harlan", "Jackson", "Knox", "Laurel", "Rockcastle", "Whitley"],
    "FIVCO": ["Boyd", "Carter", "Elliott", "Greenup", "Lawrence"],
    "Gateway": ["Bath", "Menifee", "Montgomery", "Morgan", "Rowan"],
    "Green River": ["Daviess", "Hancock", "Henderson", "McLean", "Ohio", "Union", "Webster"],
    "KIPDA": ["Bullitt", "Henry", "Jefferson", "Oldham", "Shelby", "Spencer", "Trimble"],
    "Kentucky River": ["Breathitt", "Knott", "Lee", "Leslie", "Letcher", "Owsley", "Perry", "Wolfe"],
    "Lake Cumberland": [
        "Adair", "Casey", "Clinton", "Cumberland", "Green", "McCreary", "Pulaski", "Russell", "Taylor", "Wayne",
    ],
    "Lincoln Trail": ["Breckinridge", "Grayson", "Hardin", "LaRue", "Marion", "Meade", "Nelson", "Washington"],
    "Northern Kentucky": ["Boone", "Campbell", "Carroll", "Gallatin", "Grant", "Kenton", "Owen", "Pendleton"],
    "Pennyrile": [
        "Caldwell", "Christian", "Crittenden", "Hopkins", "Livingston", "Lyon", "Muhlenberg", "Todd", "Trigg",
    ],
    "Purchase": ["Ballard", "Calloway", "Carlisle", "Fulton", "Graves", "Hickman", "Marshall", "McCracken"],
}  # fmt: skip

# Library systems whose name does not start with their county's.
LIBRARY_COUNTY = {
    "Cynthiana-Harrison County Public Library": "Harrison",
    "George Coon Public Library": "Caldwell",
    "Hopkins County-Madisonville Public Library": "Hopkins",
    "Hopkinsville-Christian County Public Library": "Christian",
    "John L. Street Library": "Trigg",
    "Lexington Public Library": "Fayette",
    "Louisville Free Public Library": "Jefferson",
    "Paris-Bourbon County Library": "Bourbon",
    "Paul Sawyier Public Library": "Franklin",
}

_COUNTY_REGION = {county: region for region, counties in REGION_COUNTIES.items() for county in counties}


def region_name_for(library_name: str) -> str | None:
    """The seeded region of a library system, from its county; None for a library the seed does not know."""
    county = LIBRARY_COUNTY.get(library_name)
    if county is None:
        words = library_name.split()
        county = next(
            (" ".join(words[:n]) for n in (2, 1) if " ".join(words[:n]) in _COUNTY_REGION),
            None,
        )
    return _COUNTY_REGION.get(county) if county else None

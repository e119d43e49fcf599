"""Where the benchmark's agencies and assisters are (Find local help, S7): real Minnesota ZIP codes
from portal.places, placed at their centre as the portal places a listing, the Twin Cities' seven
counties drawing the share of listings that they hold of Minnesota's people."""

import random

from portal import places

METRO = ("Anoka", "Carver", "Dakota", "Hennepin", "Ramsey", "Scott", "Washington")
# The seven counties' share of Minnesotans in the 2020 census.
METRO_SHARE = 0.55
# A few listings chose not to be in the directory, so a search filters as it will in use.
LISTED_SHARE = 0.95


class AddressMaker:
    """A random stream of its own, so the names, owners and dates drawn from the generator's
    stay those of data sets made before listings had a place."""

    def __init__(self, seed):
        self.rng = random.Random(seed + 13)
        metro = set(METRO)
        self.metro = [z for county in METRO for z in places.zip_codes_of(county)]
        self.elsewhere = [
            z for county in places.counties() if county not in metro
            for z in places.zip_codes_of(county)
        ]

    def place(self):
        pool = self.metro if self.rng.random() < METRO_SHARE else self.elsewhere
        return places.find(self.rng.choice(pool))

    def listing(self, street):
        """street, city, state, ZIP code, county, listed, latitude, longitude: the columns of a
        listing's address and place, in that order."""
        place = self.place()
        return (
            f"{self.rng.randint(1, 9999)} {street}",
            place.city,
            "MN",
            place.zip_code,
            place.county,
            self.rng.random() < LISTED_SHARE,
            place.latitude,
            place.longitude,
        )

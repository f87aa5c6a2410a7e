"""People: names from parsed fields and text -> person records with roles (see DESIGN.md).

So far the rules that read a written name into its parts (`names`) and group the spellings
seen in an archive into people (`grouping`); pure, with no storage yet.
"""

from cablearchive.people.grouping import Observation, Person, group_people
from cablearchive.people.names import PersonName, read_name

__all__ = ["Observation", "Person", "PersonName", "group_people", "read_name"]

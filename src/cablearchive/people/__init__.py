"""People: names from parsed fields and text -> person records with roles (see DESIGN.md).

So far: the rules that read a written name into its parts (`names`), find titled names in
running text (`mentions`: `Foreign Minister Tokayev`, `FM TOKAYEV`) and group the spellings
seen in an archive into people (`grouping`); pure, with no storage yet.
"""

from cablearchive.people.grouping import Observation, Person, group_people
from cablearchive.people.mentions import Mention, MentionRules, mention_rules, titled_rules
from cablearchive.people.names import PersonName, read_name

__all__ = [
    "Mention",
    "MentionRules",
    "Observation",
    "Person",
    "PersonName",
    "group_people",
    "mention_rules",
    "read_name",
    "titled_rules",
]

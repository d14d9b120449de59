"""Test data shared by test modules in different layers."""

QUAKE = [
    "A magnitude 6.1 earthquake struck near the town of Amatrice in central Italy on Wednesday, "
    "killing at least 38 people and collapsing houses, the civil protection agency said.",
    "Rescuers dug through rubble in Amatrice after the earthquake in central Italy left dozens dead; "
    "the civil protection agency said the quake had a magnitude of 6.1.",
    "The death toll from Wednesday's earthquake around Amatrice rose as rescuers searched collapsed houses "
    "in central Italy, the civil protection agency said.",
]
ELECTION = [
    "Voters in Norway elected a new parliament on Monday, and the Labour party won the most seats, "
    "according to the election commission's count.",
    "Norway's Labour party won Monday's parliamentary election, the election commission said, and will "
    "seek partners to form a government.",
]

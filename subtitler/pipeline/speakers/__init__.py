"""Who speaks each sentence.

- :mod:`.attribute`: the entry: labels where the transcript has them, else the sequence model;
- :mod:`.evidence`: the discourse evidence of one sentence (introductions, hand-offs, vocatives …);
- :mod:`.learned`: the sequence model learned from the corpus: roles and where a new speaker starts;
- :mod:`.linking`: the learned linker: which of those turns one person speaks, and their names;
- :mod:`.sequence`: the sequence model that weighs the evidence over the whole transcript.
"""

"""Who speaks each sentence.

- :mod:`.attribute`: the entry: labels where the transcript has them, else the sequence model;
- :mod:`.evidence`: the discourse evidence of one sentence (introductions, hand-offs, vocatives …);
- :mod:`.sequence`: the sequence model that weighs the evidence over the whole transcript.
"""

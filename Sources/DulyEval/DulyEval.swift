/// DulyEval: placeholder until the layer lands.
enum DulyEvalLayer {}

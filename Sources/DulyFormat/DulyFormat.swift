/// DulyFormat: placeholder until the layer lands.
enum DulyFormatLayer {}

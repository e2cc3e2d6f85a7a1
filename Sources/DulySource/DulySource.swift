/// DulySource: placeholder until the layer lands.
enum DulySourceLayer {}

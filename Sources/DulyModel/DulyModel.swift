/// DulyModel: placeholder until the layer lands.
enum DulyModelLayer {}

/// DulyCheck: placeholder until the layer lands.
enum DulyCheckLayer {}

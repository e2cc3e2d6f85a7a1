/// DulyTime: placeholder until the layer lands.
enum DulyTimeLayer {}

/// DulyKit: placeholder until the layer lands.
enum DulyKitLayer {}

print("duly-bench")

"""Write: the rendered files put into the output folder, all or nothing.

Takes Outputs as they are rendered, the site's assets and the output folder; gives a
complete output folder. staging.py writes a build into a staging folder beside the target
and swaps it in only if every page rendered (the dev server's rebuilds replace changed
files one by one, each atomically), refuses an --out that could hold an author's work and
writes nothing outside its folder; state.py records what a build was made from
(.penjelas-state.json), so a build of an unchanged site does nothing. Imports render (the
published names of assets) and load (the input folders).
"""
